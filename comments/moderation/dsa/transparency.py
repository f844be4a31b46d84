"""Transparency (Art. 15, 24 DSA): the report's numbers and the statements in the
Transparency Database's schema. Reads only; `manage.py dsa_report` and `manage.py
dsa_statements` print what these return and send nothing anywhere.
"""

import statistics
from collections import Counter
from datetime import date, datetime, time

from django.utils import timezone

from comments.moderation.dsa.links import site_url
from comments.moderation.models import (
    GROUND_ILLEGAL,
    LEGACY_CATEGORIES,
    Appeal,
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


def report_rows(data: dict):
    """The report flattened for CSV: (section, key, value) rows, nested dicts joined by "."."""
    for section, values in data.items():
        for key, value in values.items():
            if isinstance(value, dict):
                for sub, number in value.items():
                    yield section, f"{key}.{sub}", number
            else:
                yield section, key, "" if value is None else value


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


# The CSV follows the layout of the Commission's quantitative template (Implementing
# Regulation (EU) 2024/2835, Annex I): one row per reported figure, named by the template's
# section, with the period in every row so the file stands on its own.
CSV_HEADER = ["period_start", "period_end", "section", "field", "value"]
CSV_SECTIONS = {
    "notices": "Notices received (Art. 16)",
    "actions": "Content moderation decisions (Art. 15(1)(c), Art. 17)",
    "complaints": "Internal complaint-handling (Art. 20)",
}


def report_csv_rows(start: date, end: date):
    yield CSV_HEADER
    data = report(start, end)
    for section, key, value in report_rows({k: v for k, v in data.items() if k != "period"}):
        yield [start.isoformat(), end.isoformat(), CSV_SECTIONS.get(section, section), key, value]
