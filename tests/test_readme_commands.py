"""The README's commands, run as written on a fresh copy of the project after `make run`.

The copy has its own SQLite database, media and `.env`, and shares only the virtual
environment. Each command runs in a shell with none of the suite's settings: only what a
developer's terminal has (PATH, HOME) and the `.env` that `make run` wrote.
"""

import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
LEFT_OUT_OF_THE_COPY = shutil.ignore_patterns(
    ".venv", "node_modules", ".git", ".ruff_cache", "__pycache__", "test-artifacts", "media",
    "staticfiles", "db.sqlite3*", ".env", "out",
)  # fmt: skip
# Sections whose command blocks are not for a development machine: a PostgreSQL server,
# production. Commands they name in the text (`manage.py rebuild_search_index`) still run.
NOT_FOR_DEVELOPMENT = ("Running on PostgreSQL", "Production under gunicorn")
# Commands that serve until stopped (`make run` is already serving); never started here.
SERVING = {"runserver", "db_worker"}
# The README's placeholders, and what a developer would type for them.
PLACEHOLDERS = {"USERNAME": "dana@example.com", "ADDRESS": "127.0.0.1"}
SUPERUSER = {
    "DJANGO_SUPERUSER_USERNAME": "admin@example.com",
    "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
    "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
}
TIMEOUT = 300


def terminal_env(**extra):
    """A developer's shell: no DEBUG, no SECRET_KEY, no ENV_FILE from the test run."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYENV_VERSION"}}
    return {**keep, **extra}


def sh(command, cwd, **extra):
    return subprocess.run(  # noqa: S603
        ["bash", "-c", command],  # noqa: S607
        cwd=cwd,
        env=terminal_env(**extra),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def sections(text):
    """(heading, body) for the part before the first heading and each `## ` section."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return [("", parts[0]), *zip(parts[1::2], parts[2::2], strict=True)]


def shell_blocks(text):
    return re.findall(r"^```(?:sh|bash|console)?\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def readme_commands():
    """Every manage.py command the README gives for a development machine, in README order.

    From the shell blocks after the first (the first is `make run` and `make test`; `make` is
    not `manage.py`) and from inline code such as `manage.py publish_scheduled`; each once.
    """
    commands = []
    for heading, body in sections(README):
        found = []
        # A section for a PostgreSQL server or production: its blocks are not run here.
        for block in [] if heading in NOT_FOR_DEVELOPMENT else shell_blocks(body):
            found += [(body.index(block), line) for line in block.splitlines()]
        found += [(m.start(), m.group(1)) for m in re.finditer(r"`(manage\.py [^`]+)`", body)]
        for _, line in sorted(found):
            line = line.split("  #")[0].strip()
            if "manage.py " not in line:
                continue
            if not line.startswith(".venv/bin/python "):
                line = f".venv/bin/python {line}"
            if line not in commands:
                commands.append(line)
    return commands


def as_run(command):
    """The command with the README's placeholders filled in; None for a server."""
    name = command.split("manage.py ", 1)[1].split()[0]
    if name in SERVING:
        return None
    for placeholder, value in PLACEHOLDERS.items():
        command = re.sub(rf"\b{placeholder}\b", value, command)
    if name == "createsuperuser":
        # As a script types it: the answers come from DJANGO_SUPERUSER_* (Django's own way).
        command += " --noinput"
    return command


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the project as `make run` leaves it (without the server it starts)."""
    copy = tmp_path_factory.mktemp("checkout") / "guidesite"
    shutil.copytree(ROOT, copy, ignore=LEFT_OUT_OF_THE_COPY)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    before = sh(".venv/bin/python manage.py publish_scheduled", copy)
    assert before.returncode != 0, "without make run's .env, DEBUG is off and SECRET_KEY unset"
    assert "SECRET_KEY must be set" in before.stderr

    made = sh("make .env", copy)
    assert made.returncode == 0, made.stderr
    # What `make run` runs after writing .env, as make prints it; the server is left out.
    plan = sh("make -n run", copy).stdout.splitlines()
    steps = [line for line in plan if "python manage.py " in line and "runserver" not in line]
    assert [s.split("manage.py ")[1].split()[0] for s in steps] == ["migrate", "load_demo"]
    for step in steps:
        result = sh(step, copy)
        assert result.returncode == 0, f"{step}\n{result.stdout}\n{result.stderr}"
    return copy


def test_the_first_block_is_the_two_commands():
    assert shell_blocks(README)[0].splitlines() == ["make run", "make test"]


def test_make_run_writes_a_development_env_once_and_never_over_one(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")

    first = sh("make .env", tmp_path)
    written = (tmp_path / ".env").read_text()
    (tmp_path / ".env").write_text(written + "SITE_NAME=Edited by hand\n")
    second = sh("make .env", tmp_path)

    assert first.returncode == 0, first.stderr
    assert "DEBUG=True" in written.splitlines()
    key = re.search(r"^SECRET_KEY=(\S+)$", written, flags=re.MULTILINE).group(1)
    assert len(key) >= 50
    assert oct((tmp_path / ".env").stat().st_mode & 0o777) == "0o600"
    assert second.returncode == 0
    assert (tmp_path / ".env").read_text() == written + "SITE_NAME=Edited by hand\n"
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(ROOT / "Makefile", other / "Makefile")
    sh("make .env", other)
    assert (other / ".env").read_text() != written, "each checkout gets its own SECRET_KEY"


def test_the_env_file_is_never_committed():
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_make_run_writes_the_env_before_any_command():
    run = re.search(r"^run:(.*)$", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)

    assert ".env" in run.group(1).split()


def test_the_readme_lists_the_commands_a_developer_runs():
    names = {c.split("manage.py ")[1].split()[0] for c in readme_commands()}

    assert {"createsuperuser", "add_staff", "publish_scheduled", "axes_reset_username"} <= names


def test_every_readme_command_works_as_written_after_make_run(checkout):
    ran = []
    for command in readme_commands():
        to_run = as_run(command)
        if to_run is None:
            continue
        result = sh(to_run, checkout, **SUPERUSER)
        assert result.returncode == 0, f"{to_run}\n{result.stdout}\n{result.stderr}"
        ran.append(to_run)

    assert len(ran) >= 5, ran


def production_block():
    body = dict(sections(README))["Production under gunicorn"]
    return shell_blocks(body)[0]


def production_env(checkout):
    """The variables the README's production block exports, with its `...` filled in."""
    export = re.search(r"^export (.*?)\n(?!\s)", production_block(), re.MULTILINE | re.DOTALL)
    assigned = dict(pair.split("=", 1) for pair in export.group(1).replace("\\\n", " ").split())
    filled = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{checkout / 'production.sqlite3'}",
        "EMAIL_URL": "smtp://127.0.0.1:25",
    }
    return {name: filled.get(name, value) for name, value in assigned.items()}, filled


def test_the_production_deploy_check_cannot_be_passed_without_a_shared_cache(checkout):
    check = next(line for line in production_block().splitlines() if "check --deploy" in line)
    env, filled = production_env(checkout)
    assert "CACHE_URL" in env, "the production block sets CACHE_URL"
    assert set(filled) <= set(env)

    with_cache = sh(check, checkout, **env, DEBUG="False")
    without = sh(
        check, checkout, **{k: v for k, v in env.items() if k != "CACHE_URL"}, DEBUG="False"
    )
    per_process = sh(check, checkout, **{**env, "CACHE_URL": "locmemcache://"}, DEBUG="False")

    assert with_cache.returncode == 0, with_cache.stdout + with_cache.stderr
    assert without.returncode != 0
    assert "guidesite.W002" in without.stderr
    assert per_process.returncode != 0
    assert "guidesite.W002" in per_process.stderr
