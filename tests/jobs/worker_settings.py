"""Settings of the db_worker subprocess in test_worker.py: the site's, with mail to files."""

import os

from newsroom.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.jobs.flaky_mail.FlakyFileBackend"
EMAIL_FILE_PATH = os.environ["NEWSROOM_TEST_MAIL_DIR"]
