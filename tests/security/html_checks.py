"""Find executable injections in rendered HTML, parsed the way browsers parse it (html5lib)."""

import re

import html5lib

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style"}
ALLOWED_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.I)
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _dangerous_url(value: str) -> bool:
    compact = IGNORED_IN_URLS.sub("", value).lower()
    if compact.startswith(("javascript:", "vbscript:")):
        return True
    return compact.startswith("data:") and not ALLOWED_DATA_URL.match(compact)


def injections(html: str) -> list[str]:
    """Return a description of every construct in `html` that could run injected code."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = _local(element.tag)
        attrs = {
            _local(k) if "xlink" not in k else "xlink:href": v for k, v in element.attrib.items()
        }
        if tag == "script" and attrs.get("type") in {"application/json", "application/ld+json"}:
            pass  # data, never run; a breakout would show up as elements after it
        elif tag == "script":
            src = attrs.get("src", "")
            same_origin = src.startswith("/") and not src.startswith(("//", "/\\"))
            if not same_origin or (element.text or "").strip():
                found.append(f"<script src={src!r}>{(element.text or '')[:40]}")
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if tag == "link" and attrs.get("rel", "") == "stylesheet":
            if not attrs.get("href", "").startswith("/static/"):
                found.append(f"<link stylesheet {attrs.get('href')!r}>")
        for name, value in attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag} {name}={value[:40]!r}>")
            elif name.lower() in {"style", "srcdoc"}:
                found.append(f"<{tag} {name}=...>")
            elif name.lower() in URL_ATTRIBUTES and _dangerous_url(value):
                found.append(f"<{tag} {name}={value[:40]!r}>")
    return found
