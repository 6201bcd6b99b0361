"""Settings come from the environment: each check runs a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "False",
    "SITE_URL": "https://guides.example.com",
    "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "guides.example.com",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}
SHOW = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'cache': settings.CACHES['default']['BACKEND'], 'ssl': settings.SECURE_SSL_REDIRECT, "
    "'hosts': settings.ALLOWED_HOSTS, 'email': settings.MAILERS['default']['BACKEND'], "
    "'debug': settings.DEBUG}))"
)


def run_python(code, **env_vars):
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYENV_VERSION"}}
    # ENV_FILE="": a developer's .env (written by `make run`) must not change what is shown.
    env = {**keep, "DJANGO_SETTINGS_MODULE": "guidesite.settings", "ENV_FILE": "", **env_vars}
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def settings_with(**env_vars):
    result = run_python(SHOW, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_database_is_an_sqlite_file_in_the_project():
    shown = settings_with(DEBUG="True")

    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"] == str(ROOT / "db.sqlite3")


def test_database_url_switches_to_postgresql():
    shown = settings_with(DEBUG="True", DATABASE_URL="postgres://postgres@127.0.0.1:5432/guides")

    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["name"] == "guides"


def test_cache_url_switches_to_redis():
    shown = settings_with(DEBUG="True", CACHE_URL="redis://127.0.0.1:6379/1")

    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_email_url_switches_to_smtp():
    shown = settings_with(DEBUG="True", EMAIL_URL="smtp://mailer:pw@mail.example.com:587/?tls=True")

    assert shown["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(SHOW, DEBUG="False", ALLOWED_HOSTS="guides.example.com")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_redirects_to_https_unless_turned_off():
    assert settings_with(**PRODUCTION)["ssl"] is True
    assert settings_with(**PRODUCTION, SECURE_SSL_REDIRECT="False")["ssl"] is False


def test_development_defaults_serve_on_loopback_without_https():
    shown = settings_with(DEBUG="True")

    assert shown["ssl"] is False
    assert "127.0.0.1" in shown["hosts"]


@pytest.mark.parametrize("fail_level", ["WARNING"])
def test_production_settings_pass_the_deploy_check(fail_level):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", fail_level],
        cwd=ROOT,
        # The check reads settings only; the CI run's DATABASE_URL names a test-only database.
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, **PRODUCTION},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def _deploy_check(**env_vars):
    # Only what the test gives: CI's own DATABASE_URL or CACHE_URL must not stand in for it.
    inherited = {"DATABASE_URL", "SITE_URL", "CACHE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, **env_vars},
        capture_output=True,
        text=True,
    )


def test_the_deploy_check_warns_when_site_url_is_left_at_its_default():
    production = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}

    result = _deploy_check(**production)

    assert result.returncode != 0
    assert "guidesite.W001" in result.stdout + result.stderr


def test_email_url_with_smtp_tls_turns_on_starttls():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.MAILERS['default']['OPTIONS'].get('use_tls'))"
    )
    result = run_python(code, **PRODUCTION, EMAIL_URL="smtp+tls://u:p@mail.example.com:587")

    assert result.stdout.strip() == "True", result.stderr


SHOW_SITE_URL = "import django; from django.conf import settings; print(settings.SITE_URL)"


def test_in_development_site_url_follows_the_port_make_run_serves_on():
    assert run_python(SHOW_SITE_URL, DEBUG="True").stdout.strip() == "http://127.0.0.1:8000"
    assert run_python(SHOW_SITE_URL, DEBUG="True", PORT="8100").stdout.strip() == (
        "http://127.0.0.1:8100"
    )


def test_a_site_url_that_is_set_wins_over_the_port():
    shown = run_python(SHOW_SITE_URL, DEBUG="True", PORT="8100", SITE_URL="http://dev.test:81/")

    assert shown.stdout.strip() == "http://dev.test:81"


def test_make_run_passes_its_port_to_every_command():
    recipe = subprocess.run(  # noqa: S603
        ["make", "-n", "run", "PORT=8100"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    commands = [line for line in recipe.splitlines() if "python manage.py " in line]

    assert [c.split("manage.py ")[1].split()[0] for c in commands] == [
        "migrate",
        "load_demo",
        "runserver",
    ]
    assert all("PORT=8100" in c for c in commands), commands
    assert commands[-1].endswith("runserver 127.0.0.1:8100")


@pytest.mark.parametrize("cache_url", [None, "locmemcache://", "dummycache://"])
def test_the_deploy_check_fails_on_a_cache_that_is_not_shared(cache_url):
    production = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}
    if cache_url:
        production["CACHE_URL"] = cache_url

    result = _deploy_check(**production)

    assert result.returncode != 0
    assert "guidesite.W002" in result.stdout + result.stderr


def test_a_settings_env_file_fills_in_what_the_environment_leaves_unset(tmp_path):
    env_file = tmp_path / "dev.env"
    env_file.write_text("DEBUG=True\nSECRET_KEY=from-the-file\nSITE_NAME=From the file\n")
    code = (
        "import django; from django.conf import settings; "
        "print(settings.DEBUG, settings.SECRET_KEY, settings.SITE_NAME)"
    )

    shown = run_python(code, ENV_FILE=str(env_file), SITE_NAME="From the environment")

    assert shown.stdout.strip() == "True from-the-file From the environment", shown.stderr
