"""An editor exports the programs, changes the file, previews it and imports the valid rows.

Chromium drives the admin on the demo content: the export button's file is edited as a
spreadsheet would save it, the preview is checked with axe-core, and the import is confirmed with
the explicit "import only the valid rows" choice.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from programs.models import Program
from tests.articles.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor_page(demo_site, browser):
    user = UserFactory(username="eddie", is_staff=True, email="eddie@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    PersonFactory(user=user, name="Eddie Editor")
    context = browser.new_context(accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{demo_site.base_url}/admin/login/")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{demo_site.base_url}/admin/")
    yield page
    context.close()


def test_export_change_preview_and_import_the_valid_rows(
    demo_site, editor_page, axe, screenshot, tmp_path
):
    page = editor_page
    page.goto(f"{demo_site.base_url}/admin/programs/program/")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    exported = download.value.path().read_bytes()
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    first, second = rows[0], rows[1]
    old = f"“{first['tuition_amount']}”" if first["tuition_amount"] else "empty"
    first["tuition_amount"] = "45000.00"
    second["admission_min_gpa"] = "5"
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    changed = tmp_path / "programs.csv"
    changed.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))

    page.click("text=Import")
    page.set_input_files("#id_file", str(changed))
    with page.expect_navigation():
        page.click("input[value=Preview]")

    assert page.title().startswith("Preview of programs.csv")
    screenshot(page, "program-import-preview")
    assert axe(page) == []
    updated = page.locator("tr.import-updated")
    expect(updated).to_have_count(1)
    assert f"tuition_amount: from {old} to “45000.00”" in updated.inner_text()
    assert (
        "The minimum GPA must be between 0 and 4.0"
        in page.locator("tr.import-invalid").inner_text()
    )
    page.check("#id_skip_invalid")
    with page.expect_navigation():
        page.click("input[value=Import]")

    assert "Imported (1 invalid row skipped): 0 created, 1 updated" in page.inner_text(
        ".messagelist"
    )
    assert Program.objects.get(slug=first["program_slug"]).tuition_amount == 45000
