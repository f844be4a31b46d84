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


# --- Layers and cycles (issue 21): the contracts fail on a deliberate back edge --------------


def _lint_copy(tmp_path, edits: dict[str, str]) -> subprocess.CompletedProcess:
    """Run lint-imports on a copy of the project with `edits` (path -> line) appended."""
    for name in (*APPS, "pyproject.toml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    for path, line in edits.items():
        with open(tmp_path / path, "a") as module:
            module.write(f"\n{line}\n")
    lint_imports = shutil.which("lint-imports") or str(
        Path(sys.executable).with_name("lint-imports")
    )
    return subprocess.run(
        [lint_imports, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, check=False
    )


def test_an_upward_import_inside_comments_fails_the_layers_contract(tmp_path):
    # Policy asking the write path, inside a function: the kind of back edge that hid before.
    result = _lint_copy(
        tmp_path,
        {
            "comments/moderation/rules.py": (
                "def _dodge():\n    from comments import services  # noqa\n"
            )
        },
    )
    assert result.returncode != 0
    assert "comments: each layer imports only layers below it BROKEN" in result.stdout
    assert "comments.moderation.rules" in result.stdout


def test_an_import_cycle_in_any_app_fails_the_cycle_contract(tmp_path):
    result = _lint_copy(
        tmp_path, {"articles/images.py": "def _dodge():\n    from articles import tasks  # noqa\n"}
    )
    assert result.returncode != 0
    assert "no import cycle among the modules of any app" in result.stdout
    assert "articles.images -> articles.tasks" in result.stdout


# --- Small functions (issue 21) -----------------------------------------------------------


def test_no_function_in_comments_is_longer_than_60_lines_without_saying_why():
    """A function over 60 lines needs "Long because" in its docstring: a reason, not a habit."""
    long = []
    for path in sorted((ROOT / "comments").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > 60 and "Long because" not in (ast.get_docstring(node) or ""):
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines})")
    assert long == []
