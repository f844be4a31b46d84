"""Score a CSV of texts with the active moderation assistant, as the write path does."""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from comments.moderation.assistant import policy


class Command(BaseCommand):
    help = (
        "Read a CSV with a `text` column; print it again, in the same order, with `score` "
        "(0 to 1, four decimals) and `verdict` (hold or keep at the active threshold) from the "
        "active model. Nothing leaves the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, dest="path", help="The CSV file ('-': stdin).")
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="Verdict threshold (0 to 1); default: the site's default threshold.",
        )

    def handle(self, *args, path, threshold, **options):
        if threshold is not None and not 0.0 <= threshold <= 1.0:
            raise CommandError("--threshold must be between 0 and 1.")
        rows, fields = self._read(path)
        texts = [row.get("text") or "" for row in rows]
        try:
            results = policy.verdicts(texts, threshold=threshold)
        except LookupError:
            raise CommandError(
                "No active assistant model: train one first (manage.py assistant_train)."
            ) from None
        keep = [f for f in fields if f not in ("score", "verdict")]
        writer = csv.DictWriter(
            self.stdout, fieldnames=[*keep, "score", "verdict"], lineterminator="\n"
        )
        writer.writeheader()
        for row, (score, verdict) in zip(rows, results, strict=True):
            writer.writerow(
                {**{f: row.get(f, "") for f in keep}, "score": f"{score:.4f}", "verdict": verdict}
            )

    def _read(self, path):
        try:
            handle = sys.stdin if path == "-" else open(path, encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except (IsADirectoryError, PermissionError) as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            with handle if handle is not sys.stdin else _nullcontext(handle):
                reader = csv.DictReader(handle)
                fields = reader.fieldnames or []
                if "text" not in fields:
                    raise CommandError(
                        f"{path} has no `text` column (columns: {', '.join(fields) or 'none'})."
                    )
                rows = list(reader)
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        except csv.Error as exc:
            raise CommandError(f"{path} is not a readable CSV: {exc}") from None
        return rows, fields


class _nullcontext:
    def __init__(self, value):
        self.value = value

    def __enter__(self):
        return self.value

    def __exit__(self, *exc):
        return False
