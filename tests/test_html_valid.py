"""Every public page type, rendered from the demo content, is valid HTML for the Nu Html Checker."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.browser.pages import load_demo_content, page_types

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validate(files):
    """Check all files in one run of the Nu Html Checker and return its messages."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: install it with `apt-get install -y default-jre-headless`.")
    if not VNU_JAR.exists():
        pytest.fail(
            f"The Nu Html Checker is missing at {VNU_JAR}: run `npm install --ignore-scripts`."
        )
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
    result = subprocess.run(  # noqa: S603 (fixed command on files this test wrote)
        [*command, *map(str, files)], capture_output=True, text=True, timeout=600, check=False
    )
    # vnu writes its JSON report to stderr; anything else there means it could not run.
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"The Nu Html Checker did not report (exit {result.returncode}): {result.stderr}"
        )


def errors_in(messages):
    return [m for m in messages if m["type"] in {"error", "non-document-error"}]


def describe(message, paths):
    name = Path(message.get("url", "")).stem
    where = f"{paths.get(name, name)} line {message.get('lastLine', '?')}"
    return f"{where}: {message['message']}  [{message.get('extract', '').strip()}]"


def test_every_page_type_has_no_html_errors(db, tmp_path):
    load_demo_content()
    pages = page_types()
    client = Client(raise_request_exception=False)
    files, bad_status = [], []
    for page in pages.values():
        response = client.get(page.path)
        if response.status_code != page.status:
            bad_status.append(f"{page.path} answered {response.status_code}, not {page.status}")
            continue
        files.append(tmp_path / f"{page.name}.html")
        files[-1].write_bytes(response.content)

    errors = errors_in(validate(files))

    paths = {page.name: page.path for page in pages.values()}
    problems = bad_status + [describe(message, paths) for message in errors]
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_checker_reports_a_misnested_paragraph(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
        "<body><p><div>block in a paragraph</div></p></body></html>",
        encoding="utf-8",
    )

    errors = errors_in(validate([page]))

    assert [e["message"] for e in errors] == ["No “p” element in scope but a “p” end tag seen."]
