"""`manage.py dsa_statements --from 2026-01-01 --to 2026-01-31 [--output DIR]`: the period's
statements of reasons as JSON in the DSA Transparency Database's statement schema, in batches
of 100 (one `{"statements": [...]}` document per batch, as its API takes them).

Sends nothing anywhere: without --output, one batch per line on standard output; with it,
files statements-0001.json, statements-0002.json ... in DIR."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from comments.management.commands.dsa_report import period_arguments, period_of
from comments.moderation.dsa import transparency


class Command(BaseCommand):
    help = "Write statements of reasons in the DSA Transparency Database schema, 100 a batch."

    def add_arguments(self, parser):
        period_arguments(parser)
        parser.add_argument("--output", help="Directory for statements-NNNN.json files.")

    def handle(self, *args, **options):
        start, end = period_of(options)
        folder = Path(options["output"]) if options["output"] else None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        count = 0
        for number, batch in enumerate(transparency.statement_batches(start, end), start=1):
            count += len(batch["statements"])
            if folder is None:
                self.stdout.write(json.dumps(batch, ensure_ascii=False))
            else:
                path = folder / f"statements-{number:04d}.json"
                path.write_text(json.dumps(batch, ensure_ascii=False, indent=2), encoding="utf-8")
        if folder is not None:
            self.stderr.write(f"{count} statements written to {folder}.")
