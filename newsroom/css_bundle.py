"""The site's one stylesheet, static/css/site.min.css, and what it is built from.

`make css` compiles static/scss/site.scss with npm's sass (Bootstrap's Sass sources from
npm) and then runs `python -m newsroom.css_bundle stamp`, which appends a digest of the
sources as the built file's last line (last, because sass starts the file with a byte
order mark that must stay first). The built file is committed, so running
the site needs no Node; tests/test_stylesheets.py recomputes the digest and fails when a
source changed without a rebuild.
"""

import hashlib
import re
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BUILT = BASE_DIR / "static" / "css" / "site.min.css"
STATIC_URL_PATH = "css/site.min.css"  # what base.html links

# Everything that changes the output: our Sass, the app stylesheets it inlines and the
# pinned npm versions of bootstrap and sass.
SOURCE_GLOBS = ("static/scss/*.scss", "package.json")
SITE_CSS = ("newsroom.css", "comments.css", "accounts.css", "moderation.css")

STAMP = re.compile(r"\n?/\*! sources sha256:([0-9a-f]{64}) \*/\n?\Z")


def source_paths() -> list[Path]:
    paths = [p for pattern in SOURCE_GLOBS for p in BASE_DIR.glob(pattern)]
    paths += [BASE_DIR / "static" / "css" / name for name in SITE_CSS]
    return sorted(paths)


def sources_digest() -> str:
    digest = hashlib.sha256()
    for path in source_paths():
        digest.update(path.relative_to(BASE_DIR).as_posix().encode() + b"\0")
        # Line endings normalised, so a checkout with CRLF does not look stale.
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def built_digest(css: str) -> str | None:
    match = STAMP.search(css)
    return match.group(1) if match else None


def stamp(path: Path = BUILT) -> None:
    css = STAMP.sub("", path.read_text(encoding="utf-8"), count=1).rstrip("\n")
    path.write_text(f"{css}\n/*! sources sha256:{sources_digest()} */\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["stamp"]:
        sys.exit("usage: python -m newsroom.css_bundle stamp")
    stamp()
