"""`dsa_report` and `dsa_statements` against fixed data: exact numbers and schema records."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, notices
from comments.moderation.models import Appeal, LegalGround, Notice, Statement, TrustedFlagger
from tests.comments.test_moderation_services import make_comment
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_site(settings):
    """Statements and DSA mails are written in the site's language: English here."""
    settings.LANGUAGE_CODE = "en"


TZ = timezone.get_current_timezone()


def at(day, hour=12, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def world(db):
    """March 2026: three notices, four restrictions, two complaints, at fixed times."""
    first, second = ModeratorFactory(), ModeratorFactory()
    flagger = UserFactory()
    TrustedFlagger.objects.create(user=flagger, organisation="Meldestelle Hessen")
    insulting, threat, fine, spam = (make_comment(body=b) for b in ("Idiot", "Droh", "Ok", "Kauf"))

    def notice(comment, ground, **kw):
        return notices.notice_create(
            comment=comment,
            legal_ground=ground,
            explanation="strafbar",
            location="http://x/",
            bona_fide=True,
            name="N",
            email="n@example.org",
            **kw,
        )

    n1 = notice(insulting, LegalGround.STGB_185)
    n2 = notice(threat, LegalGround.STGB_241, notifier=flagger)
    n3 = notice(fine, LegalGround.STGB_185)
    Notice.objects.filter(pk=n1.pk).update(created_at=at(2, 10))
    Notice.objects.filter(pk=n2.pk).update(created_at=at(3, 10))
    Notice.objects.filter(pk=n3.pk).update(created_at=at(4, 10))
    notices.notice_decide(
        notice=n1,
        moderator=first,
        act=True,
        facts="Fakten der Moderation",
        decision_text="Beleidigung",
    )
    notices.notice_decide(
        notice=n2,
        moderator=first,
        act=True,
        facts="Fakten der Moderation",
        decision_text="Drohung",
        manifest=True,
    )
    notices.notice_decide(notice=n3, moderator=first, act=False, decision_text="Zulässig")
    Notice.objects.filter(pk=n1.pk).update(decided_at=at(2, 12))  # 2 hours
    Notice.objects.filter(pk=n2.pk).update(decided_at=at(3, 11))  # 1 hour
    Notice.objects.filter(pk=n3.pk).update(decided_at=at(4, 16))  # 6 hours
    moderation.comment_hide(comment=spam, moderator=first, reason="spam", facts="Werbung")
    until = timezone.now() + timezone.timedelta(days=10)
    moderation.user_suspend(user=spam.author, moderator=first, until=until, reason="Spam")
    Statement.objects.filter(restriction="suspension").update(end_date=at(20))
    s_insult = Statement.objects.get(ground_code="stgb_185")
    s_spam = Statement.objects.get(ground_code="spam")
    a1 = appeals.appeal_create(appellant=insulting.author, statement=s_insult, text="Satire")
    a2 = appeals.appeal_create(appellant=spam.author, statement=s_spam, text="Keine Werbung")
    appeals.appeal_decide(appeal=a1, moderator=second, reverse_decision=True, text="Satire")
    Appeal.objects.filter(pk=a1.pk).update(created_at=at(5, 8), decided_at=at(6, 8))  # 24 h
    Appeal.objects.filter(pk=a2.pk).update(created_at=at(7, 8))
    days = {"hide:stgb_185": 2, "hide:stgb_241": 3, "hide:spam": 5, "suspension:other": 6}
    for statement in Statement.objects.all():
        key = f"{statement.restriction}:{statement.ground_code}"
        Statement.objects.filter(pk=statement.pk).update(
            created_at=at(days[key], 13), application_date=at(days[key], 13)
        )
    # Outside the period: must not count.
    late = make_comment()
    moderation.comment_hide(comment=late, moderator=first, reason="off_topic")
    Statement.objects.filter(comment=late).update(
        created_at=at(31, 23, 30) + timezone.timedelta(hours=2)
    )

    return {"flagger": flagger}


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_report_json_has_the_exact_numbers(world):
    data = json.loads(run("dsa_report", "--from", "2026-03-01", "--to", "2026-03-31"))
    assert data == {
        "period": {"from": "2026-03-01", "to": "2026-03-31"},
        "notices": {
            "total": 3,
            "by_ground": {"stgb_185": 2, "stgb_241": 1},
            "by_outcome": {"actioned": 2, "rejected": 1},
            "from_trusted_flaggers": 1,
            "median_hours_to_decision": 2.0,
        },
        "actions": {
            "total": 4,
            "by_kind": {"hide": 3, "suspension": 1},
            "by_kind_and_ground": {
                "hide:spam": 1,
                "hide:stgb_185": 1,
                "hide:stgb_241": 1,
                "suspension:other": 1,
            },
            "illegal_content": 2,
            "incompatible_content": 2,
            "manifestly_illegal": 1,
            "by_source": {
                "SOURCE_ARTICLE_16": 1,
                "SOURCE_TRUSTED_FLAGGER": 1,
                "SOURCE_VOLUNTARY": 2,
            },
            "own_initiative": 2,
            "automated_detection": 0,
            "by_automated_decision": {"AUTOMATED_DECISION_NOT_AUTOMATED": 4},
        },
        "complaints": {
            "total": 2,
            "by_outcome": {"open": 1, "reversed": 1},
            "median_hours_to_decision": 24.0,
        },
    }


def march_csv_from_the_command(tmp_path) -> list[list[str]]:
    """What `dsa_report --format csv` writes for March 2026."""
    target = tmp_path / "report.csv"
    call_command(
        "dsa_report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv",
        "--output", str(target),
    )  # fmt: skip
    return list(csv.reader(target.open(encoding="utf-8")))


def test_report_csv_has_the_same_numbers(world, tmp_path):
    """The CSV is the Commission's template layout (test_dsa_transparency_template.py)."""
    rows = march_csv_from_the_command(tmp_path)
    table = {(row[3], row[5], row[6]): row[7] for row in rows[1:]}
    assert (
        table[("1.3", "notices_by_category", "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH")] == "2"
    )
    assert table[("1.4", "own_initiative_decisions", "")] == "2"
    assert table[("1.5.1", "complaints_by_outcome", "decision_reversed")] == "1"
    assert table[("1.3", "median_hours_to_action", "")] == "2.0"


def test_statements_export_uses_the_schema(world):
    lines = run("dsa_statements", "--from", "2026-03-01", "--to", "2026-03-31").splitlines()
    assert len(lines) == 1
    records = json.loads(lines[0])["statements"]
    assert len(records) == 4
    insult = records[0]
    assert insult["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert insult["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert insult["illegal_content_legal_ground"].startswith("§ 185 StGB")
    assert insult["category"] == "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"
    assert insult["source_type"] == "SOURCE_ARTICLE_16"
    assert insult["automated_detection"] == "No"
    assert insult["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert insult["territorial_scope"] == ["DE"]
    assert insult["content_type"] == ["CONTENT_TYPE_TEXT"]
    assert insult["application_date"] == "2026-03-02"
    assert insult["puid"] == Statement.objects.get(ground_code="stgb_185").reference
    threat = records[1]
    assert threat["source_type"] == "SOURCE_TRUSTED_FLAGGER"
    assert threat["source_identity"] == "Meldestelle Hessen"
    assert threat["category"] == "STATEMENT_CATEGORY_VIOLENCE"
    spam = records[2]
    assert spam["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert spam["incompatible_content_ground"] == "Spam or advertising"
    assert spam["decision_facts"] == "Werbung"
    assert spam["decision_ground_reference_url"].endswith("/comments/rules/")
    suspension = records[3]
    assert suspension["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert suspension["decision_visibility"] == []
    assert suspension["end_date_account_restriction"] == "2026-03-20"
    assert "user" not in json.dumps(records)  # no personal data fields


def test_statements_come_in_batches_of_100(tmp_path):
    mod = ModeratorFactory()
    for _ in range(101):
        moderation.comment_hide(comment=make_comment(), moderator=mod, reason="spam")
    today = timezone.localdate().isoformat()
    call_command("dsa_statements", "--from", today, "--to", today, "--output", str(tmp_path))
    files = sorted(tmp_path.glob("statements-*.json"))
    assert [f.name for f in files] == ["statements-0001.json", "statements-0002.json"]
    sizes = [len(json.loads(f.read_text())["statements"]) for f in files]
    assert sizes == [100, 1]


@pytest.mark.parametrize(
    "args",
    [
        ("--from", "2026-13-01", "--to", "2026-12-31"),
        ("--from", "2026-03-02", "--to", "2026-03-01"),
    ],
)
def test_bad_periods_are_refused(args, db):
    for command in ("dsa_report", "dsa_statements"):
        with pytest.raises(CommandError):
            call_command(command, *args)
