"""Transparency (Art. 15, 24 DSA): the report's numbers and the statements in the
Transparency Database's schema. Reads only; `manage.py dsa_report` and `manage.py
dsa_statements` print what these return and send nothing anywhere.
"""

import statistics
from collections import Counter
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from comments.moderation.dsa.links import site_url
from comments.moderation.models import (
    ACCOUNT_SUSPENDED,
    ACCOUNT_TERMINATED,
    GROUND_ILLEGAL,
    GROUND_INCOMPATIBLE,
    LEGACY_CATEGORIES,
    LEGAL_GROUND_CATEGORY,
    PROVISION_PARTIAL_SUSPENSION,
    VISIBILITY_DISABLED,
    VISIBILITY_REMOVED,
    Appeal,
    AutomatedDecision,
    Notice,
    SourceType,
    Statement,
)

BATCH_SIZE = 100  # the Transparency Database API takes at most 100 statements per call


def period(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the site's time zone: both days included."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timezone.timedelta(days=1), time.min, tzinfo=tz),
    )


def _tally(values) -> dict:
    return dict(sorted(Counter(values).items()))


def _median_hours(pairs) -> float | None:
    durations = [(done - began).total_seconds() / 3600 for began, done in pairs if done]
    return round(statistics.median(durations), 2) if durations else None


def report(start: date, end: date) -> dict:
    """The numbers the Commission's templates ask for, for the days start..end."""
    begin, stop = period(start, end)
    notices = Notice.objects.filter(created_at__gte=begin, created_at__lt=stop)
    statements = Statement.objects.between(begin, stop)
    appeals = Appeal.objects.filter(created_at__gte=begin, created_at__lt=stop)
    notice_rows = list(
        notices.values_list("legal_ground", "status", "trusted_flagger", "created_at", "decided_at")
    )
    statement_rows = list(
        statements.values_list(
            "restriction",
            "decision_ground",
            "ground_code",
            "source_type",
            "automated_detection",
            "automated_decision",
            "manifestly_illegal",
        )
    )
    appeal_rows = list(appeals.values_list("status", "created_at", "decided_at"))
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "notices": {
            "total": len(notice_rows),
            "by_ground": _tally(row[0] for row in notice_rows),
            "by_outcome": _tally(row[1] for row in notice_rows),
            "from_trusted_flaggers": sum(1 for row in notice_rows if row[2]),
            "median_hours_to_decision": _median_hours((row[3], row[4]) for row in notice_rows),
        },
        "actions": {
            "total": len(statement_rows),
            "by_kind": _tally(row[0] for row in statement_rows),
            "by_kind_and_ground": _tally(f"{row[0]}:{row[2]}" for row in statement_rows),
            "illegal_content": sum(1 for row in statement_rows if row[1] == GROUND_ILLEGAL),
            "incompatible_content": sum(1 for row in statement_rows if row[1] != GROUND_ILLEGAL),
            # Art. 24(1)(b): what the misuse rule counts (moderation.services.poster_misuse_check).
            "manifestly_illegal": sum(1 for row in statement_rows if row[6]),
            "by_source": _tally(row[3] for row in statement_rows),
            "own_initiative": sum(1 for row in statement_rows if row[3] == SourceType.VOLUNTARY),
            "automated_detection": sum(1 for row in statement_rows if row[4]),
            "by_automated_decision": _tally(row[5] for row in statement_rows),
        },
        "complaints": {
            "total": len(appeal_rows),
            "by_outcome": _tally(row[0] for row in appeal_rows),
            "median_hours_to_decision": _median_hours((row[1], row[2]) for row in appeal_rows),
        },
    }


def _day(value) -> str | None:
    return timezone.localtime(value).date().isoformat() if value else None


def statement_record(statement: Statement) -> dict:
    """One statement in the Transparency Database's schema (field names and value codes).

    The schema of 2025-07-01: categories as renamed then (LEGACY_CATEGORIES), and a decision
    reversed later (a restore, a successful complaint) keeps its decision and gets the end
    date of its restriction: the day it was lifted.
    """
    from django.urls import reverse

    record = {
        "decision_visibility": [statement.decision_visibility]
        if statement.decision_visibility
        else [],
        "decision_account": statement.decision_account or None,
        "decision_provision": statement.decision_provision or None,
        "account_type": "ACCOUNT_TYPE_PRIVATE",
        "decision_ground": statement.decision_ground,
        "category": LEGACY_CATEGORIES.get(statement.category, statement.category),
        "content_type": [statement.content_type],
        "content_language": "DE",
        "content_date": _day(statement.content_date) or _day(statement.application_date),
        "application_date": _day(statement.application_date),
        "territorial_scope": list(statement.territorial_scope),
        "decision_facts": statement.decision_facts[:FACTS_MAX],
        "source_type": statement.source_type,
        "automated_detection": "Yes" if statement.automated_detection else "No",
        "automated_decision": statement.automated_decision,
        "puid": statement.reference,
    }
    if statement.decision_ground == GROUND_ILLEGAL:
        record["illegal_content_legal_ground"] = statement.illegal_content_legal_ground
        record["illegal_content_explanation"] = (
            statement.illegal_content_explanation or statement.decision_facts
        )[:EXPLANATION_MAX]
    else:
        site = site_url()
        record["incompatible_content_ground"] = statement.incompatible_content_ground
        record["incompatible_content_explanation"] = (
            statement.incompatible_content_explanation or statement.decision_facts
        )[:EXPLANATION_MAX]
        record["incompatible_content_illegal"] = "No"
        record["decision_ground_reference_url"] = site + reverse("discussion:rules")
    if statement.source_type == SourceType.TRUSTED_FLAGGER and statement.notice_id:
        flagger = getattr(statement.notice.notifier, "trusted_flagger", None)
        record["source_identity"] = flagger.organisation if flagger else ""
    ends = [day for day in (statement.end_date, statement.reversed_at) if day is not None]
    if ends:
        record[END_DATE_FIELD[statement.restriction]] = _day(min(ends))
    return {key: value for key, value in record.items() if value is not None}


# The schema has one end date per kind of decision: which one a restriction's end date is.
END_DATE_FIELD = {
    Statement.Restriction.HIDE: "end_date_visibility_restriction",
    Statement.Restriction.PREMODERATION: "end_date_visibility_restriction",
    Statement.Restriction.SUSPENSION: "end_date_account_restriction",
    Statement.Restriction.BAN: "end_date_account_restriction",
    # decision_provision only (no visibility, no account decision): the service's end date
    Statement.Restriction.NOTICE_SUSPENSION: "end_date_service_restriction",
}
# Longest texts the Transparency Database takes (its API validation rules).
EXPLANATION_MAX = 2000
FACTS_MAX = 5000


def statement_batches(start: date, end: date, *, size: int = BATCH_SIZE):
    """The period's statements as schema records, oldest first, `size` per batch."""
    begin, stop = period(start, end)
    queryset = (
        Statement.objects.between(begin, stop)
        .select_related("notice__notifier__trusted_flagger")
        .order_by("created_at", "pk")
    )
    batch = []
    for statement in queryset.iterator(chunk_size=500):
        batch.append(statement_record(statement))
        if len(batch) == size:
            yield {"statements": batch}
            batch = []
    if batch:
        yield {"statements": batch}


def _months(start: date, end: date) -> list[date]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def monthly(start: date, end: date) -> dict[str, list[tuple[str, int]]]:
    """Notices, actions (statements) and complaints per month of start..end, for the charts.

    Three queries (one per record), grouped by month in the database's time zone.
    """
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    begin, stop = period(start, end)
    labels = [month.strftime("%Y-%m") for month in _months(start, end)]
    series = {}
    for name, queryset in (
        ("notices", Notice.objects.filter(created_at__gte=begin, created_at__lt=stop)),
        ("actions", Statement.objects.between(begin, stop)),
        ("complaints", Appeal.objects.filter(created_at__gte=begin, created_at__lt=stop)),
    ):
        counts = {
            timezone.localtime(row["month"]).strftime("%Y-%m")
            if timezone.is_aware(row["month"])
            else row["month"].strftime("%Y-%m"): row["n"]
            for row in queryset.annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        }
        series[name] = [(label, counts.get(label, 0)) for label in labels]
    return series


# --- The CSV in the layout of the Commission's quantitative template -----------------------
#
# Source: Commission Implementing Regulation (EU) 2024/2835, Annex I, Part II "Templates",
# "1. Quantitative template", applicable from 1 July 2025 (Art. 2(4)). Its sections, numbered
# and titled as below, are taken from the act's table of contents; the first columns follow
# the column instructions of the Annex (Applicability, Service, Reporting period, Indicator,
# Value). The Commission's own CSV/XLSX files with their row identifiers were not at hand:
# the `indicator` and `breakdown` identifiers are ours, one for each number Art. 15(1) and
# 24(1) DSA ask of a hosting service that is an online platform, in the template's order.
# Keep them stable (past reports use them); map them onto the official rows once those are
# available. README "DSA" lists the mapping.
#
# Categories ("type of alleged illegal content") are the Transparency Database's of the
# schema of 2025-07-01, in its order (CATEGORIES); a legal ground or netiquette clause maps
# to one through LEGAL_GROUND_CATEGORY / NETIQUETTE_CATEGORY, old codes through
# LEGACY_CATEGORIES. Restrictions, grounds and automation use the schema's value codes.
#
# What the records cannot say stays empty, with a `note` saying why, never a made-up number:
#   not_recorded    the site keeps no record of it (orders of authorities reach the contact
#                   point by other channels; out-of-court disputes are settled elsewhere;
#                   a suspension for manifestly illegal content is not told apart from
#                   another suspension)
#   not_measured    nothing measures it (the accuracy of automated means)
#   not_applicable  asked of very large online platforms only (Art. 42)
#   to_fill         filled in by hand when the report is published
#   no_cases        a median over no cases

CSV_HEADER = [
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

TEMPLATE_SECTIONS = [
    ("1.1", "Report identification"),
    ("1.2.1", "Article 15(1)(a). Member State orders to act against illegal content"),
    ("1.2.2", "Article 15(1)(a). Member State orders to provide information"),
    (
        "1.3",
        "Article 15(1)(b). Notices submitted in accordance with article 16 of Regulation "
        "(EU) 2022/2065",
    ),
    (
        "1.4",
        "Article 15(1)(c). Meaningful and comprehensible information on own-initiative content "
        "moderation",
    ),
    (
        "1.5.1",
        "Articles 15(1)(d), 24(1)(a) and 24(1)(b). Internal complaints mechanism, out-of-court "
        "dispute settlement bodies and suspensions imposed on repeated offenders",
    ),
    (
        "1.6",
        "Article 15(1)(b)(c)(e) and Article 42(2)(c). Use of automated means for content "
        "moderation and indicators of accuracy",
    ),
    ("1.7", "Articles 42(2)(a) and 42(2)(b). Human resources dedicated to content moderation"),
    ("1.8", "Article 42(3). Average monthly active recipients of the service"),
]

# The Transparency Database's categories, schema of 2025-07-01, in its order.
CATEGORIES = (
    "STATEMENT_CATEGORY_ANIMAL_WELFARE",
    "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
    "STATEMENT_CATEGORY_CYBER_VIOLENCE",
    "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
    "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
    "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
    "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
    "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    "STATEMENT_CATEGORY_SELF_HARM",
    "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
    "STATEMENT_CATEGORY_VIOLENCE",
)
RESTRICTIONS = (
    VISIBILITY_REMOVED,
    VISIBILITY_DISABLED,
    ACCOUNT_SUSPENDED,
    ACCOUNT_TERMINATED,
    PROVISION_PARTIAL_SUSPENSION,
)
GROUNDS = (GROUND_ILLEGAL, GROUND_INCOMPATIBLE)
AUTOMATION = tuple(AutomatedDecision.values)  # fully, partially, not automated
NOTICE_SOURCES = frozenset({SourceType.NOTICE, SourceType.TRUSTED_FLAGGER})
# Own initiative: whatever no Art. 16 notice (or order) asked for, a reader's plain report too.
OWN_SOURCES = frozenset({SourceType.VOLUNTARY, SourceType.OTHER_NOTIFICATION})

ALL, HOSTING, PLATFORM, VLOP = "all", "hosting", "online_platform", "vlop_vlose"

# (section, indicator, applicability, label, breakdowns): the template's rows, in its order.
TEMPLATE_ROWS = [
    ("1.1", "service_name", ALL, _l("Name of the service"), ("",)),
    ("1.1", "reporting_period_start", ALL, _l("First day of the reporting period"), ("",)),
    ("1.1", "reporting_period_end", ALL, _l("Last day of the reporting period"), ("",)),
    ("1.1", "publication_date", ALL, _l("Date of publication"), ("",)),
    ("1.1", "report_version", ALL, _l("Version of the report"), ("",)),
    ("1.2.1", "orders_received", ALL, _l("Orders to act received (Art. 9 DSA)"), ("",)),
    ("1.2.1", "median_hours_to_acknowledge", ALL, _l("Median hours to confirm receipt"), ("",)),
    ("1.2.1", "median_hours_to_give_effect", ALL, _l("Median hours to give effect"), ("",)),
    ("1.2.2", "orders_received", ALL, _l("Orders to provide information (Art. 10 DSA)"), ("",)),
    ("1.2.2", "median_hours_to_acknowledge", ALL, _l("Median hours to confirm receipt"), ("",)),
    ("1.2.2", "median_hours_to_give_effect", ALL, _l("Median hours to give effect"), ("",)),
    ("1.3", "notices_received", HOSTING, _l("Notices received (Art. 16 DSA)"), ("",)),
    ("1.3", "notices_by_category", HOSTING, _l("Notices by type of alleged illegal content"),
     CATEGORIES),
    ("1.3", "notices_from_trusted_flaggers", HOSTING, _l("Notices from trusted flaggers"), ("",)),
    ("1.3", "actions_on_notices", HOSTING, _l("Actions taken on notices, by basis"),
     ("basis_law", "basis_terms_and_conditions")),
    ("1.3", "notices_by_outcome", HOSTING, _l("Notices by outcome"),
     ("action_taken", "no_action", "pending")),
    ("1.3", "notices_processed_by_automated_means", HOSTING,
     _l("Notices processed by automated means"), ("",)),
    ("1.3", "median_hours_to_action", HOSTING, _l("Median hours from notice to decision"), ("",)),
    ("1.4", "own_initiative_decisions", ALL, _l("Decisions on own initiative"), ("",)),
    ("1.4", "own_initiative_by_category", ALL, _l("Decisions on own initiative by category"),
     CATEGORIES),
    ("1.4", "own_initiative_by_restriction", ALL,
     _l("Decisions on own initiative by type of restriction"), RESTRICTIONS),
    ("1.4", "own_initiative_by_ground", ALL, _l("Decisions on own initiative by ground"),
     GROUNDS),
    ("1.4", "own_initiative_by_detection", ALL,
     _l("Decisions on own initiative by detection method"), ("automated", "not_automated")),
    ("1.4", "own_initiative_by_decision", ALL,
     _l("Decisions on own initiative by decision method"), AUTOMATION),
    ("1.5.1", "complaints_received", PLATFORM, _l("Complaints received (Art. 20 DSA)"), ("",)),
    ("1.5.1", "complaints_by_basis", PLATFORM, _l("Complaints by basis"),
     ("restriction_illegal_content", "restriction_terms_and_conditions", "notice_rejected")),
    ("1.5.1", "complaints_by_outcome", PLATFORM, _l("Complaints by outcome"),
     ("decision_upheld", "decision_reversed", "pending")),
    ("1.5.1", "median_hours_to_complaint_decision", PLATFORM,
     _l("Median hours from complaint to decision"), ("",)),
    ("1.5.1", "decisions_reversed", PLATFORM, _l("Decisions reversed"),
     ("after_complaint", "restored_by_moderators")),
    ("1.5.1", "out_of_court_disputes_submitted", PLATFORM,
     _l("Disputes submitted to out-of-court settlement (Art. 21 DSA)"), ("",)),
    ("1.5.1", "out_of_court_median_days", PLATFORM,
     _l("Median days to complete out-of-court settlement"), ("",)),
    ("1.5.1", "suspensions_manifestly_illegal_content", PLATFORM,
     _l("Suspensions for manifestly illegal content (Art. 23(1) DSA)"), ("",)),
    ("1.5.1", "suspensions_unfounded_notices", PLATFORM,
     _l("Suspensions for manifestly unfounded notices (Art. 23(2) DSA)"), ("",)),
    ("1.5.1", "suspensions_unfounded_complaints", PLATFORM,
     _l("Suspensions for manifestly unfounded complaints (Art. 23(2) DSA)"), ("",)),
    ("1.6", "decisions_with_automated_detection", ALL,
     _l("Decisions on content detected by automated means"), ("",)),
    ("1.6", "decisions_by_automated_decision", ALL, _l("Decisions by automated means"),
     AUTOMATION),
    ("1.6", "automated_decisions_reversed", ALL, _l("Automated decisions later reversed"),
     ("",)),
    ("1.6", "accuracy_indicator", ALL, _l("Accuracy of automated means"), ("",)),
    ("1.7", "human_resources", VLOP, _l("Human resources for content moderation"), ("",)),
    ("1.8", "average_monthly_active_recipients", VLOP,
     _l("Average monthly active recipients"), ("",)),
]  # fmt: skip

# What the records cannot say, by (section, indicator): the note that marks the empty value.
UNKNOWN = {
    ("1.1", "publication_date"): "to_fill",
    ("1.1", "report_version"): "to_fill",
    **{
        (section, indicator): "not_recorded"
        for section in ("1.2.1", "1.2.2")
        for indicator in ("orders_received", "median_hours_to_acknowledge",
                          "median_hours_to_give_effect")
    },
    ("1.5.1", "out_of_court_disputes_submitted"): "not_recorded",
    ("1.5.1", "out_of_court_median_days"): "not_recorded",
    ("1.5.1", "suspensions_manifestly_illegal_content"): "not_recorded",
    ("1.6", "accuracy_indicator"): "not_measured",
    ("1.7", "human_resources"): "not_applicable",
    ("1.8", "average_monthly_active_recipients"): "not_applicable",
}  # fmt: skip


def _category(code: str) -> str:
    return LEGACY_CATEGORIES.get(code, code)


def _reversed_after_complaint(statements: list[tuple]) -> set[int]:
    """Of these (pk, sanction_id) statements, those a successful complaint lifted: its own,
    or one against the ban or suspension whose hides went with it (appeals._undo)."""
    reversed_appeals = Appeal.objects.filter(
        status=Appeal.Status.REVERSED, statement__isnull=False
    ).values_list("statement_id", "statement__sanction_id")
    by_statement = {pk for pk, _sanction in reversed_appeals}
    by_sanction = {sanction for _pk, sanction in reversed_appeals if sanction}
    return {pk for pk, sanction in statements if pk in by_statement or (sanction in by_sanction)}


def template_values(start: date, end: date) -> dict[tuple[str, str, str], object]:
    """The numbers of the template's rows for start..end, by (section, indicator, breakdown).

    Notices and complaints count by the day they arrived, decisions (statements) by the day
    they were taken, reversals by the day they were made; medians over the period's cases.
    """
    begin, stop = period(start, end)
    values: Counter = Counter()
    _notice_values(values, begin, stop)
    _statement_values(values, begin, stop)
    _complaint_values(values, begin, stop)
    _reversal_values(values, begin, stop)
    values["1.1", "service_name", ""] = settings.SITE_NAME
    values["1.1", "reporting_period_start", ""] = start.isoformat()
    values["1.1", "reporting_period_end", ""] = end.isoformat()
    return values


def _notice_values(values: Counter, begin, stop) -> None:
    """Section 1.3: the notices that arrived in the period."""
    notice_rows = Notice.objects.filter(created_at__gte=begin, created_at__lt=stop).values_list(
        "legal_ground", "status", "trusted_flagger", "created_at", "decided_at"
    )
    outcome = {"actioned": "action_taken", "rejected": "no_action", "open": "pending"}
    pairs = []
    for ground, status, trusted, created, decided in notice_rows:
        values["1.3", "notices_received", ""] += 1
        values["1.3", "notices_by_category", _category(LEGAL_GROUND_CATEGORY[ground])] += 1
        values["1.3", "notices_from_trusted_flaggers", ""] += bool(trusted)
        values["1.3", "notices_by_outcome", outcome[status]] += 1
        pairs.append((created, decided))
    values["1.3", "median_hours_to_action", ""] = _median_hours(pairs)


def _statement_values(values: Counter, begin, stop) -> None:
    """Sections 1.3 to 1.6: the decisions (statements of reasons) taken in the period."""
    statement_rows = Statement.objects.between(begin, stop).values_list(
        "source_type", "category", "decision_ground", "decision_visibility",
        "decision_account", "decision_provision", "automated_detection",
        "automated_decision", "restriction", "reversed_at",
    )  # fmt: skip
    for source, category, ground, *codes, detected, automated, kind, reversed_at in statement_rows:
        if source in NOTICE_SOURCES:
            basis = "basis_law" if ground == GROUND_ILLEGAL else "basis_terms_and_conditions"
            values["1.3", "actions_on_notices", basis] += 1
            values["1.3", "notices_processed_by_automated_means", ""] += (
                automated != AutomatedDecision.NOT_AUTOMATED
            )
        if source in OWN_SOURCES:
            values["1.4", "own_initiative_decisions", ""] += 1
            values["1.4", "own_initiative_by_category", _category(category)] += 1
            for code in filter(None, codes):
                values["1.4", "own_initiative_by_restriction", code] += 1
            values["1.4", "own_initiative_by_ground", ground] += 1
            detection = "automated" if detected else "not_automated"
            values["1.4", "own_initiative_by_detection", detection] += 1
            values["1.4", "own_initiative_by_decision", automated] += 1
        if kind == Statement.Restriction.NOTICE_SUSPENSION:
            values["1.5.1", "suspensions_unfounded_notices", ""] += 1
        values["1.6", "decisions_with_automated_detection", ""] += bool(detected)
        values["1.6", "decisions_by_automated_decision", automated] += 1
        if automated != AutomatedDecision.NOT_AUTOMATED and reversed_at is not None:
            values["1.6", "automated_decisions_reversed", ""] += 1


def _complaint_values(values: Counter, begin, stop) -> None:
    """Section 1.5.1: the complaints that arrived in the period."""
    appeal_rows = Appeal.objects.filter(created_at__gte=begin, created_at__lt=stop).values_list(
        "status", "created_at", "decided_at", "statement__decision_ground", "notice_id"
    )
    appeal_outcome = {
        "upheld": "decision_upheld",
        "reversed": "decision_reversed",
        "open": "pending",
    }
    pairs = []
    for status, created, decided, ground, notice_id in appeal_rows:
        values["1.5.1", "complaints_received", ""] += 1
        if notice_id:
            basis = "notice_rejected"
        elif ground == GROUND_ILLEGAL:
            basis = "restriction_illegal_content"
        else:
            basis = "restriction_terms_and_conditions"
        values["1.5.1", "complaints_by_basis", basis] += 1
        values["1.5.1", "complaints_by_outcome", appeal_outcome[status]] += 1
        pairs.append((created, decided))
    values["1.5.1", "median_hours_to_complaint_decision", ""] = _median_hours(pairs)


def _reversal_values(values: Counter, begin, stop) -> None:
    """Section 1.5.1: the decisions reversed in the period, after a complaint or not."""
    lifted = list(
        Statement.objects.filter(reversed_at__gte=begin, reversed_at__lt=stop).values_list(
            "pk", "sanction_id"
        )
    )
    after_complaint = _reversed_after_complaint(lifted)
    for pk, _sanction in lifted:
        how = "after_complaint" if pk in after_complaint else "restored_by_moderators"
        values["1.5.1", "decisions_reversed", how] += 1


def report_csv_rows(start: date, end: date):
    """The CSV: CSV_HEADER, then one row per row of TEMPLATE_ROWS and breakdown, labels in
    the active language. Unknown values are empty and carry their note (UNKNOWN)."""
    yield CSV_HEADER
    values = template_values(start, end)
    titles = dict(TEMPLATE_SECTIONS)
    service, span = settings.SITE_NAME, f"{start.isoformat()}/{end.isoformat()}"
    for section, indicator, applicability, label, breakdowns in TEMPLATE_ROWS:
        for breakdown in breakdowns:
            note = UNKNOWN.get((section, indicator), "")
            value = "" if note else values.get((section, indicator, breakdown), 0)
            if value is None:  # a median over no cases
                value, note = "", "no_cases"
            value = str(value)
            yield [
                applicability, service, span, section, titles[section], indicator, breakdown,
                value, note, str(label),
            ]  # fmt: skip
