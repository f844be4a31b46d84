"""Front-end weight: one stylesheet, built from its sources, with a rule for every
Bootstrap class the site uses."""

import re
from pathlib import Path

import pytest

from newsroom import css_bundle
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, UserFactory

BASE = css_bundle.BASE_DIR
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>")

# Class names Bootstrap defines, by family. A site class never starts like this, so a
# token that does and has no rule in site.min.css is a part left out of static/scss/.
BOOTSTRAP_CLASS = re.compile(
    r"(btn|alert|badge|form|input-group|table|text|bg|invalid|valid|is|visually|container|row"
    r"|col|d|m[tbsexy]?|p[tbsexy]?|gap|fs|fw|align|justify|flex|rounded|border|shadow|w|h"
    r"|card|nav|navbar|dropdown|collapse|modal|list-group|pagination|breadcrumb|close"
    r"|lead|small|mark|display|h[1-6]|img|figure|ratio|position|top|start|end|bottom)(-.+)?"
)

# Classes built in templates from a value (alert-{{ message.tags }}, text-bg-{{ ... }}).
DYNAMIC = {
    "alert-success", "alert-info", "alert-warning", "alert-danger",
    "text-bg-danger", "text-bg-warning", "text-bg-secondary",
}  # fmt: skip


def defined_classes() -> set[str]:
    css = css_bundle.BUILT.read_text(encoding="utf-8")
    selectors = re.sub(r"\{[^{}]*\}", "{}", re.sub(r"url\([^)]*\)", "", css))
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selectors))


def used_classes() -> dict[str, str]:
    """Class tokens in templates and in Python that emits markup, with one place each."""
    found = {}

    def add(value, where):
        for token in re.sub(r"\{[{%].*?[%}]\}", " ", value).split():
            if re.fullmatch(r"[a-zA-Z][\w-]*[a-zA-Z0-9]", token):
                found.setdefault(token, where)

    for path in (BASE / "templates").rglob("*.html"):
        if "admin" in path.parts:
            continue  # the admin has its own CSS, not ours
        for value in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
            add(value, str(path.relative_to(BASE)))
    for app in ("articles", "comments", "accounts", "newsroom"):
        for path in (BASE / app).rglob("*.py"):
            if path.name == "admin.py" or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for value in re.findall(r'class=\\?"([^"\\]*)', text) + re.findall(
                r"(?:css|form)_class\s*\+?=\s*[\"']([^\"']*)", text
            ):
                add(value, str(path.relative_to(BASE)))
    return found


def test_the_built_stylesheet_matches_its_sources():
    """static/css/site.min.css is committed; a source changed without `make css` fails."""
    built = css_bundle.built_digest(css_bundle.BUILT.read_text(encoding="utf-8"))
    assert built is not None, "site.min.css has no sources stamp: run `make css`"
    assert built == css_bundle.sources_digest(), (
        "static/scss/ or an app stylesheet changed after site.min.css was built: run `make css`"
    )


def test_the_digest_covers_every_inlined_stylesheet():
    scss = (BASE / "static" / "scss" / "site.scss").read_text(encoding="utf-8")
    inlined = re.findall(r'meta\.load-css\("\.\./css/([\w-]+)"\)', scss)
    assert [f"{name}.css" for name in inlined] == list(css_bundle.SITE_CSS)
    paths = css_bundle.source_paths()
    assert BASE / "package.json" in paths
    assert BASE / "static" / "scss" / "site.scss" in paths


def test_the_stale_check_can_fail(tmp_path, monkeypatch):
    built = tmp_path / "site.min.css"
    built.write_text("\ufeffa{color:red}\n", encoding="utf-8")
    css_bundle.stamp(built)
    css = built.read_text(encoding="utf-8")
    assert css.startswith("\ufeffa{color:red}")  # sass's byte order mark stays first
    assert css_bundle.built_digest(css) == css_bundle.sources_digest()
    monkeypatch.setattr(css_bundle, "SITE_CSS", ("newsroom.css",))
    assert css_bundle.built_digest(css) != css_bundle.sources_digest()
    css_bundle.stamp(built)  # stamping again replaces the stamp, never stacks them
    assert built.read_text(encoding="utf-8").count("sources sha256") == 1


def test_every_bootstrap_class_in_use_has_its_rules():
    defined = defined_classes()
    used = used_classes()
    assert {"btn", "alert", "container-xl", "visually-hidden"} <= set(used)  # the scan works
    missing = {
        token: where
        for token, where in used.items()
        if BOOTSTRAP_CLASS.fullmatch(token) and token not in defined
    }
    missing |= dict.fromkeys(DYNAMIC - defined, "a template variable")
    assert missing == {}


@pytest.mark.django_db
def test_rendered_forms_use_only_classes_with_rules(client):
    """crispy-forms' bootstrap5 templates add classes of their own (mb-3, form-label,
    invalid-feedback...): render forms with errors and check those too."""
    defined = defined_classes()
    pages = [
        client.post("/accounts/login/", {"username": "x", "password": ""}),
        client.post("/accounts/signup/", {}),
        client.get("/suche/?q=Haushalt"),
    ]
    client.force_login(UserFactory())
    pages.append(client.get("/accounts/einstellungen/"))
    missing = set()
    for response in pages:
        assert response.status_code in (200, 400)
        for value in re.findall(r'class="([^"]*)"', response.content.decode()):
            missing |= {
                t for t in value.split() if BOOTSTRAP_CLASS.fullmatch(t) and t not in defined
            }
    assert "invalid-feedback" in defined and "mb-3" in defined
    assert missing == set()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["home", "article", "login", "signup"])
def test_pages_link_at_most_two_stylesheets(client, kind):
    article = ArticleFactory(hero_image=ImageFactory(), authors=[AuthorFactory()])
    url = {
        "home": "/",
        "article": article.get_absolute_url(),
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    }[kind]
    html = client.get(url).content.decode()
    links = STYLESHEET.findall(html)
    assert 1 <= len(links) <= 2, links
    assert css_bundle.STATIC_URL_PATH in links[0]
    assert "bootstrap" not in html.split("</head>")[0]


def test_the_stylesheet_is_small():
    """The whole of Bootstrap was 232 kB; the site's one file stays far below that."""
    assert Path(css_bundle.BUILT).stat().st_size < 100_000
