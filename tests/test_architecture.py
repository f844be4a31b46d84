"""The layout rules the code must keep (issue 9): they fail when a rule is broken again.

- `comments` may import `articles` and `accounts`, never the reverse (import-linter's contract
  in pyproject.toml, also run by .ci/run and `make lint`);
- no app reaches into another app with `apps.get_model` to get around that;
- no comment status string literals in querysets and templates: they ask `Comment`;
- nothing travels between apps on `request` or on the user object.
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "articles", "comments", "newsroom")
STATUSES = ("visible", "pending", "hidden", "deleted")


def _app_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def test_the_import_contract_holds():
    lint_imports = shutil.which("lint-imports") or str(
        Path(sys.executable).with_name("lint-imports")
    )
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "articles and accounts never import comments KEPT" in result.stdout


def _get_model_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
        ):
            first = node.args[0] if node.args else None
            label = first.value if isinstance(first, ast.Constant) else None
            if isinstance(label, str):
                yield node.lineno, label.split(".")[0]


def test_no_app_reaches_into_another_with_get_model():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} get_model({label!r})"
        for app, path in _app_sources()
        for line, label in _get_model_calls(ast.parse(path.read_text()))
        if label != app
    ]
    assert offenders == []


def test_the_get_model_check_finds_a_reach():
    """The check above can fail: a cross-app get_model in a snippet is found."""
    tree = ast.parse('Comment = apps.get_model("comments", "Comment")')
    assert list(_get_model_calls(tree)) == [(1, "comments")]


NAMES = "|".join(STATUSES)
STATUS_IN_TEMPLATE = re.compile(r"""status\s*(==|!=|in)\s*["'](""" + NAMES + r""")["']""")
STATUS_IN_QUERY = re.compile(r"""status(__in)?\s*=\s*[\(\[]?\s*["'](""" + NAMES + r""")["']""")


def test_no_status_string_literals_in_templates():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if STATUS_IN_TEMPLATE.search(path.read_text())
    ]
    assert offenders == []


def test_no_status_string_literals_in_comment_queries():
    offenders = [
        str(path.relative_to(ROOT))
        for app, path in _app_sources()
        if STATUS_IN_QUERY.search(path.read_text())
        or re.search(r"""\(\s*["']hidden["']\s*,\s*["']deleted["']""", path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "pattern",
    [
        r"request\.comment_",
        r"request\._discussion_rules",
        r"_is_moderator",
        r"getattr\(request, .comment_",
    ],
)
def test_no_state_travels_on_request_or_user(pattern):
    offenders = [
        str(path.relative_to(ROOT))
        for app, path in _app_sources()
        if re.search(pattern, path.read_text())
    ]
    assert offenders == []
