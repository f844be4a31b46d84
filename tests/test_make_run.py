"""`make run`: the address is chosen with HOST and PORT, the demo accounts are printed last."""

import shutil
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.factories import ArticleFactory

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(*args: str) -> list[str]:
    out = subprocess.run(
        ["make", "-n", "-B", "run", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if "manage.py" in line]


def test_make_run_serves_on_the_given_host_and_port():
    commands = dry_run("HOST=0.0.0.0", "PORT=8123")
    assert commands[-1].endswith("manage.py runserver 0.0.0.0:8123")
    assert dry_run()[-1].endswith("manage.py runserver 127.0.0.1:8000")


def test_make_run_quiets_the_task_log_and_prints_the_accounts_right_before_serving():
    commands = dry_run()
    seed = next(c for c in commands if "seed_demo" in c)
    assert "DJANGO_LOG_LEVEL=WARNING" in seed
    assert "seed_demo --if-empty" in commands[-2]


@pytest.mark.django_db
def test_a_second_run_prints_the_existing_demo_accounts_last(capsys, settings):
    settings.DEBUG = True
    ArticleFactory()
    get_user_model().objects.create_user(username="redaktion", password="x", is_staff=True)
    call_command("seed_demo", "--if-empty")
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert "already has articles" in lines[0]
    accounts = lines[lines.index("Demo accounts (for trying the site, never for production):") :]
    assert any("redaktion" in line and "redaktion-demo-2026" in line for line in accounts)
    assert lines[-1].startswith("Log in at /accounts/login/")
