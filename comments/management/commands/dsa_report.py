"""`manage.py dsa_report --from 2026-01-01 --to 2026-06-30 [--format csv] [--output FILE]`:
the numbers of the DSA transparency report (Art. 15, 24) for a period, as JSON or as the CSV
in the layout of the Commission's quantitative template (the moderators' download, the same
rows: transparency.report_csv_rows; labels in the site's language)."""

import csv
import io
import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from comments.moderation.dsa import transparency


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date of the form YYYY-MM-DD.") from None


def period_arguments(parser) -> None:
    parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD.")
    parser.add_argument("--to", dest="end", required=True, help="Last day (included).")


def period_of(options) -> tuple[date, date]:
    start, end = parse_day(options["start"]), parse_day(options["end"])
    if end < start:
        raise CommandError("--to must not be before --from.")
    return start, end


class Command(BaseCommand):
    help = "Write the DSA transparency report's numbers for a period as JSON or CSV."

    def add_arguments(self, parser):
        period_arguments(parser)
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, **options):
        start, end = period_of(options)
        if options["format"] == "json":
            data = transparency.report(start, end)
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            buffer = io.StringIO()
            with translation.override(settings.LANGUAGE_CODE):
                csv.writer(buffer).writerows(transparency.report_csv_rows(start, end))
            text = buffer.getvalue()
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                out.write(text)
        else:
            self.stdout.write(text, ending="")
