"""E-mail backends for the job tests: a mail server that fails a given number of times.

`FlakyLocmemBackend` works in the test process (the count lives in FAILURES). The worker
subprocess uses `FlakyFileBackend`: it writes each delivered mail to EMAIL_FILE_PATH and
reads how many sends must still fail from the file `fail-remaining` beside them, so the
test and the worker agree across processes.
"""

from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

FAILURES = {"remaining": 0, "attempts": 0}


class FlakyLocmemBackend(LocmemBackend):
    def send_messages(self, messages):
        FAILURES["attempts"] += 1
        if FAILURES["remaining"] != 0:  # -1: fails for ever
            FAILURES["remaining"] -= 1
            raise ConnectionRefusedError(111, "SMTP server down (test)")
        return super().send_messages(messages)


class FlakyFileBackend(FileBackend):
    def send_messages(self, messages):
        counter = Path(settings.EMAIL_FILE_PATH) / "fail-remaining"
        with (Path(settings.EMAIL_FILE_PATH) / "attempts").open("a") as log:
            log.write("x")
        remaining = int(counter.read_text()) if counter.exists() else 0
        if remaining:
            counter.write_text(str(remaining - 1))
            raise ConnectionRefusedError(111, "SMTP server down (test)")
        return super().send_messages(messages)
