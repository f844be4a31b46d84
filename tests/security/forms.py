"""Fill in a form the way a browser would, from the rendered page."""

import html5lib


def form_data(html: str, field: str) -> dict[str, list[str]]:
    """Return what submitting the form that contains input `field` would send, files aside."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    for form in tree.iter("form"):
        names = {el.get("name") for el in form.iter() if el.get("name")}
        if field in names:
            break
    else:
        raise AssertionError(f"no form with a field {field!r}")
    data: dict[str, list[str]] = {}
    for el in form.iter():
        name = el.get("name")
        if not name or "disabled" in el.attrib:
            continue
        if el.tag == "input":
            kind = (el.get("type") or "text").lower()
            if kind in {"file", "submit", "button", "image", "reset"}:
                continue
            if kind in {"checkbox", "radio"} and "checked" not in el.attrib:
                continue
            data.setdefault(name, []).append(el.get("value", "on" if kind == "checkbox" else ""))
        elif el.tag == "textarea":
            data.setdefault(name, []).append((el.text or "").removeprefix("\n"))
        elif el.tag == "select":
            options = list(el.iter("option"))
            chosen = [o for o in options if "selected" in o.attrib]
            if not chosen and options and "multiple" not in el.attrib:
                chosen = options[:1]
            for option in chosen:
                data.setdefault(name, []).append(option.get("value", option.text or ""))
    return data
