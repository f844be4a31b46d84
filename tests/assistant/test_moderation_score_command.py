"""manage.py moderation_score --csv FILE: the operators' view of the write path's scores."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from comments.moderation.assistant import learning, policy
from comments.moderation.models import AssistantSettings, AssistantVersion

pytestmark = pytest.mark.django_db

TEXTS = [
    "Du V0llidi0t, halt die Fresse!",
    "Danke für den Artikel, sehr informativ.",
    'Er nannte ihn einen "Idioten", das geht gar nicht.',
    "Verdienen Sie 5000 Euro im Monat von zuhause: www.reich-jetzt.de",
    "",
]


@pytest.fixture
def model(corpus_model):
    return learning.assistant_train(trigger=AssistantVersion.Trigger.MANUAL, decisions=[])


def write_csv(path, rows, fields=("id", "text")):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fields))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(*args) -> list[dict]:
    out = io.StringIO()
    call_command("moderation_score", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_scores_every_row_in_order_with_the_write_paths_scores(model, tmp_path):
    path = write_csv(tmp_path / "in.csv", [{"id": i, "text": t} for i, t in enumerate(TEXTS)])
    rows = run("--csv", str(path))
    assert [r["id"] for r in rows] == [str(i) for i in range(len(TEXTS))]
    assert list(rows[0]) == ["id", "text", "score", "verdict"]
    expected = policy.verdicts(TEXTS)
    for row, (score, verdict) in zip(rows, expected, strict=True):
        assert row["score"] == f"{score:.4f}" and len(row["score"].split(".")[1]) == 4
        assert 0.0 <= float(row["score"]) <= 1.0
        assert row["verdict"] == verdict
    assert [r["verdict"] for r in rows][:2] == ["hold", "keep"]
    assert rows[3]["verdict"] == "hold"  # spam


def test_deterministic(model, tmp_path):
    path = write_csv(tmp_path / "in.csv", [{"id": i, "text": t} for i, t in enumerate(TEXTS)])
    assert run("--csv", str(path)) == run("--csv", str(path))


def test_verdict_at_the_sites_threshold_or_the_given_one(model, tmp_path):
    path = write_csv(tmp_path / "in.csv", [{"id": 1, "text": TEXTS[1]}])
    score = float(run("--csv", str(path))[0]["score"])
    site = AssistantSettings.load()
    site.default_threshold = max(0.0, score - 0.0001)
    site.save()
    assert run("--csv", str(path))[0]["verdict"] == "hold"
    assert run("--csv", str(path), "--threshold", "1")[0]["verdict"] == "keep"


def test_only_a_text_column_and_quotes_and_newlines(model, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('text\n"Zeile eins\nZeile zwei, mit Komma"\n"Sie sind ein Trottel"\n')
    rows = run("--csv", str(path))
    assert [r["text"] for r in rows] == [
        "Zeile eins\nZeile zwei, mit Komma",
        "Sie sind ein Trottel",
    ]
    assert list(rows[0]) == ["text", "score", "verdict"]


def test_existing_score_columns_are_replaced(model, tmp_path):
    path = write_csv(
        tmp_path / "in.csv",
        [{"text": TEXTS[0], "score": "x", "verdict": "y"}],
        fields=("text", "score", "verdict"),
    )
    row = run("--csv", str(path))[0]
    assert row["verdict"] == "hold" and row["score"] != "x"


def test_missing_file(model, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("--csv", str(tmp_path / "missing.csv"))


def test_no_text_column(model, tmp_path):
    path = write_csv(tmp_path / "in.csv", [{"id": 1, "body": "x"}], fields=("id", "body"))
    with pytest.raises(CommandError, match="no `text` column"):
        run("--csv", str(path))


def test_empty_file(model, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CommandError, match="no `text` column"):
        run("--csv", str(path))


def test_not_utf8(model, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("text\nGrüße\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run("--csv", str(path))


def test_a_directory(model, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("--csv", str(tmp_path))


def test_bad_threshold(model, tmp_path):
    path = write_csv(tmp_path / "in.csv", [{"id": 1, "text": "x"}])
    with pytest.raises(CommandError, match="between 0 and 1"):
        run("--csv", str(path), "--threshold", "2")


def test_no_active_model(tmp_path):
    path = write_csv(tmp_path / "in.csv", [{"id": 1, "text": "x"}])
    with pytest.raises(CommandError, match="No active assistant model"):
        run("--csv", str(path))


def test_exits_non_zero_with_a_message_from_the_shell(tmp_path):
    """The real command line: exit status 1 and the message on stderr, no traceback."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    result = subprocess.run(
        [
            sys.executable,
            str(root / "manage.py"),
            "moderation_score",
            "--csv",
            str(tmp_path / "x.csv"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    assert result.returncode != 0
    assert "No such file" in result.stderr and "Traceback" not in result.stderr
