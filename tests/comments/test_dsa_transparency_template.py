"""The transparency CSV in the layout of the Commission's quantitative template
(Implementing Regulation (EU) 2024/2835, Annex I, Part II, 1.1 to 1.8): its columns, its
sections in order, our indicator identifiers, the numbers of a seeded period, unknown values
left empty and marked, labels in German and English, moderators only."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from comments.moderation import services as moderation
from comments.moderation.dsa import transparency
from comments.moderation.models import Statement
from tests.comments.test_dsa_transparency import (  # noqa: F401  (the seeded March)
    at,
    march_csv_from_the_command,
    world,
)
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

MARCH = (timezone.datetime(2026, 3, 1).date(), timezone.datetime(2026, 3, 31).date())


@pytest.fixture
def march(world):  # noqa: F811
    """The seeded March, plus a restore by the moderators and the complaint's reversal dated."""
    insult = Statement.objects.get(ground_code="stgb_185")
    Statement.objects.filter(pk=insult.pk).update(reversed_at=at(6, 8))
    spam = Statement.objects.get(ground_code="spam")
    moderation.comment_restore(comment=spam.comment, moderator=ModeratorFactory())
    Statement.objects.filter(pk=spam.pk).update(reversed_at=at(8, 9))
    return world


def table(rows):
    header, *body = rows
    return header, {(row[3], row[5], row[6]): row for row in body}


def test_header_and_sections_follow_the_template():
    rows = list(transparency.report_csv_rows(*MARCH))
    assert (
        rows[0]
        == transparency.CSV_HEADER
        == [
            "applicability",
            "service",
            "reporting_period",
            "section",
            "section_title",
            "indicator",
            "breakdown",
            "value",
            "note",
            "label",
        ]
    )
    sections = []
    for row in rows[1:]:
        if row[3] not in sections:
            sections.append(row[3])
    assert sections == ["1.1", "1.2.1", "1.2.2", "1.3", "1.4", "1.5.1", "1.6", "1.7", "1.8"]
    assert [number for number, _title in transparency.TEMPLATE_SECTIONS] == sections
    titles = dict(transparency.TEMPLATE_SECTIONS)
    assert titles["1.3"] == (
        "Article 15(1)(b). Notices submitted in accordance with article 16 of Regulation "
        "(EU) 2022/2065"
    )
    # Every indicator identifier is unique within its section and breakdown.
    keys = [(row[3], row[5], row[6]) for row in rows[1:]]
    assert len(keys) == len(set(keys))
    # The categories are the Transparency Database's of 2025-07-01, in its order.
    notices_by_category = [row[6] for row in rows[1:] if row[5] == "notices_by_category"]
    assert notices_by_category == list(transparency.CATEGORIES)
    assert "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE" not in notices_by_category
    assert "STATEMENT_CATEGORY_CYBER_VIOLENCE" in notices_by_category


def test_the_numbers_are_those_of_the_records(march):
    header, rows = table(list(transparency.report_csv_rows(*MARCH)))
    value = {key: row[7] for key, row in rows.items()}
    assert rows[("1.1", "reporting_period_start", "")][7] == "2026-03-01"
    # 1.3 notices (Art. 16)
    assert value[("1.3", "notices_received", "")] == "3"
    assert (
        value[("1.3", "notices_by_category", "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH")] == "2"
    )
    assert value[("1.3", "notices_by_category", "STATEMENT_CATEGORY_VIOLENCE")] == "1"
    assert value[("1.3", "notices_by_category", "STATEMENT_CATEGORY_SELF_HARM")] == "0"
    assert value[("1.3", "notices_from_trusted_flaggers", "")] == "1"
    assert value[("1.3", "actions_on_notices", "basis_law")] == "2"
    assert value[("1.3", "actions_on_notices", "basis_terms_and_conditions")] == "0"
    assert value[("1.3", "notices_by_outcome", "no_action")] == "1"
    assert value[("1.3", "notices_processed_by_automated_means", "")] == "0"
    assert value[("1.3", "median_hours_to_action", "")] == "2.0"
    # 1.4 own initiative
    assert value[("1.4", "own_initiative_decisions", "")] == "2"
    assert value[("1.4", "own_initiative_by_category", "STATEMENT_CATEGORY_SCAMS_AND_FRAUD")] == "1"
    assert (
        value[("1.4", "own_initiative_by_category", "STATEMENT_CATEGORY_OTHER_VIOLATION_TC")] == "1"
    )
    assert (
        value[("1.4", "own_initiative_by_restriction", "DECISION_VISIBILITY_CONTENT_REMOVED")]
        == "1"
    )
    assert value[("1.4", "own_initiative_by_restriction", "DECISION_ACCOUNT_SUSPENDED")] == "1"
    assert value[("1.4", "own_initiative_by_ground", "DECISION_GROUND_INCOMPATIBLE_CONTENT")] == "2"
    assert value[("1.4", "own_initiative_by_detection", "automated")] == "0"
    assert value[("1.4", "own_initiative_by_decision", "AUTOMATED_DECISION_NOT_AUTOMATED")] == "2"
    # 1.5.1 complaints (Art. 20), reversals, suspensions (Art. 23)
    assert value[("1.5.1", "complaints_received", "")] == "2"
    assert value[("1.5.1", "complaints_by_basis", "restriction_illegal_content")] == "1"
    assert value[("1.5.1", "complaints_by_basis", "restriction_terms_and_conditions")] == "1"
    assert value[("1.5.1", "complaints_by_basis", "notice_rejected")] == "0"
    assert value[("1.5.1", "complaints_by_outcome", "decision_reversed")] == "1"
    assert value[("1.5.1", "complaints_by_outcome", "decision_upheld")] == "0"
    assert value[("1.5.1", "complaints_by_outcome", "pending")] == "1"
    assert value[("1.5.1", "median_hours_to_complaint_decision", "")] == "24.0"
    assert value[("1.5.1", "decisions_reversed", "after_complaint")] == "1"
    assert value[("1.5.1", "decisions_reversed", "restored_by_moderators")] == "1"
    assert value[("1.5.1", "suspensions_unfounded_notices", "")] == "0"
    # 1.6 automated means
    assert value[("1.6", "decisions_by_automated_decision", "AUTOMATED_DECISION_FULLY")] == "0"


def test_what_we_cannot_know_is_empty_and_marked(march):
    _header, rows = table(list(transparency.report_csv_rows(*MARCH)))
    for key, note in [
        (("1.2.1", "orders_received", ""), "not_recorded"),
        (("1.2.2", "orders_received", ""), "not_recorded"),
        (("1.5.1", "out_of_court_disputes_submitted", ""), "not_recorded"),
        (("1.6", "accuracy_indicator", ""), "not_measured"),
        (("1.7", "human_resources", ""), "not_applicable"),
        (("1.8", "average_monthly_active_recipients", ""), "not_applicable"),
    ]:
        assert rows[key][7] == "" and rows[key][8] == note
    # Every empty value says why; every number has no note.
    for row in rows.values():
        assert (row[7] == "") == (row[8] != "")


@pytest.mark.german
def test_labels_are_german_and_english():
    with translation.override("de"):
        rows = list(transparency.report_csv_rows(*MARCH))
    german = {(r[3], r[5], r[6]): r[9] for r in rows[1:]}
    with translation.override("en"):
        rows = list(transparency.report_csv_rows(*MARCH))
    english = {(r[3], r[5], r[6]): r[9] for r in rows[1:]}
    assert english[("1.3", "notices_received", "")] == "Notices received (Art. 16 DSA)"
    assert german[("1.3", "notices_received", "")] == "Eingegangene Meldungen (Art. 16 DSA)"
    assert german[("1.5.1", "complaints_received", "")] == "Eingegangene Beschwerden (Art. 20 DSA)"


def test_the_download_is_for_moderators_only(client, march):
    url = reverse("moderation:transparency") + "?from=2026-03-01&to=2026-03-31&format=csv"
    assert client.get(url).status_code in (302, 403)  # anonymous: to the login
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403, 404)
    client.force_login(ModeratorFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == list(transparency.report_csv_rows(*MARCH))


def test_the_command_writes_the_same_csv(march, tmp_path):
    assert march_csv_from_the_command(tmp_path) == list(transparency.report_csv_rows(*MARCH))
