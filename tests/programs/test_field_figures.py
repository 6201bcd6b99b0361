"""Each field of study keeps its count of published programs and their tuition range
(finder_rows.refresh_fields), as a guide's programs widget shows them: every way programs
change moves the figures of the fields they were and are in."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from programs import finder, finder_rows
from programs.models import Field, Program
from tests.articles.public_data import live_guide
from tests.programs.factories import FieldFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def figures(name):
    field = Field.objects.get(name=name)
    return field.published_programs, field.tuition_low, field.tuition_high


@pytest.fixture
def fields():
    return FieldFactory(name="Robotics"), FieldFactory(name="Statistics")


def test_saving_programs_moves_the_figures_of_their_field(fields):
    robotics, _ = fields
    cheap = ProgramFactory(field=robotics, tuition_amount=Decimal("12000"))
    ProgramFactory(field=robotics, tuition_amount=Decimal("40000"))
    ProgramFactory(field=robotics, tuition_amount=Decimal("90000"), is_published=False)
    assert figures("Robotics") == (2, Decimal("12000"), Decimal("40000"))

    cheap.tuition_amount = Decimal("8000")
    cheap.save()

    assert figures("Robotics") == (2, Decimal("8000"), Decimal("40000"))


def test_a_program_moved_to_another_field_leaves_the_old_fields_figures(fields):
    robotics, statistics = fields
    moved = ProgramFactory(field=robotics, tuition_amount=Decimal("5000"))
    ProgramFactory(field=robotics, tuition_amount=Decimal("30000"))

    moved.field = statistics
    moved.save()

    assert figures("Robotics") == (1, Decimal("30000"), Decimal("30000"))
    assert figures("Statistics") == (1, Decimal("5000"), Decimal("5000"))


def test_unpublishing_and_deleting_programs_take_them_out_of_the_figures(client, editor, fields):
    robotics, _ = fields
    first = ProgramFactory(field=robotics, tuition_amount=Decimal("10000"))
    second = ProgramFactory(field=robotics, tuition_amount=Decimal("20000"))
    client.force_login(editor)

    # The admin's bulk action writes with update() and refreshes the rows itself.
    client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "unpublish", "_selected_action": [first.pk]},
    )
    assert figures("Robotics") == (1, Decimal("20000"), Decimal("20000"))
    second.delete()
    assert figures("Robotics") == (0, None, None)
    assert "Robotics" not in [row["name"] for row in finder.field_stats()]


def test_changes_without_signals_are_repaired_by_refresh_finder(fields):
    robotics, _ = fields
    program = ProgramFactory(field=robotics, tuition_amount=Decimal("10000"))
    Program.objects.filter(pk=program.pk).update(tuition_amount=Decimal("60000"))
    assert figures("Robotics") == (1, Decimal("10000"), Decimal("10000"))

    call_command("refresh_finder", verbosity=0)

    assert figures("Robotics") == (1, Decimal("60000"), Decimal("60000"))


def test_refreshing_one_program_leaves_other_fields_untouched(fields):
    robotics, statistics = fields
    program = ProgramFactory(field=robotics)
    Field.objects.filter(pk=statistics.pk).update(published_programs=7)  # as if stale

    finder_rows.refresh([program.pk])

    assert figures("Statistics")[0] == 7


def test_the_widget_shows_the_stored_figures_of_its_programs_fields(client, fields):
    article = live_guide(related=1)  # one Machine Learning program at $30,000
    ProgramFactory(field="Machine Learning", tuition_amount=Decimal("45000"))
    ProgramFactory(field=fields[0], tuition_amount=Decimal("1000"))  # not in the widget

    html = client.get(article.get_absolute_url()).content.decode()

    assert (
        "Across the 2 published Machine Learning programs in our directory, total tuition "
        "ranges from $30,000 to $45,000." in html
    )
    assert "Robotics" not in html
