"""The migration to fields of study, on a database that holds the free-text values.

Each program's text is mapped by name, slug or synonym, whatever its case and surrounding
spaces; a text that names no field is left for an editor (field empty, text kept in the
specialization), and going back writes the texts again. Careers' related field likewise.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from careers.models import Career
from programs.models import FinderRow, Program

BEFORE = [("programs", "0007_program_first_published"), ("careers", "0002_career_first_published")]
PROGRAMS_AFTER = ("programs", "0008_fields_of_study")
CAREERS_AFTER = ("careers", "0003_projection_editions_and_field_of_study")

# The text an editor typed -> the field it maps to (None: left for an editor).
TYPED = {
    "Machine Learning": "Machine Learning",
    "machine learning": "Machine Learning",
    "  MACHINE   learning ": "Machine Learning",
    "ML": "Machine Learning",
    "artificial-intelligence": "Artificial Intelligence",
    "nlp": "Natural Language Processing",
    "Cyber Security": "Cybersecurity",
    "Underwater Basket Weaving": None,
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def legacy_rows(transactional_db):
    """Programs and careers written before the vocabulary, with the texts of TYPED."""
    old = migrate(BEFORE)
    school_model = old.get_model("programs", "School")
    program_model = old.get_model("programs", "Program")
    career_model = old.get_model("careers", "Career")
    school = school_model.objects.create(name="Old U", slug="old-u", city="Troy", state="NY")
    for n, text in enumerate(TYPED):
        program_model.objects.create(
            school=school,
            name=f"Program {n}",
            slug=f"program-{n}",
            degree="MS",
            field=text,
            format="online",
            pacing="synchronous",
            is_published=True,
        )
    for slug, text in (("ml-engineer", "machine learning "), ("astrologer", "Astrology")):
        career_model.objects.create(title=slug, slug=slug, summary="s", program_field=text)
    yield
    migrate(latest())


def test_the_texts_map_to_fields_by_name_slug_or_synonym_and_the_rest_wait_for_an_editor(
    legacy_rows,
):
    migrate(latest())

    mapped = {
        p.slug: (p.field.name if p.field else None, p.specialization)
        for p in Program.objects.select_related("field")
    }
    for n, (text, field) in enumerate(TYPED.items()):
        # An unknown text is not guessed at: the editor sees it as the specialization.
        assert mapped[f"program-{n}"] == (field, "" if field else text.strip()), text
    assert Program.objects.filter(field__name="Machine Learning").count() == 4
    # The directory's rows carry the field too.
    rows = {row.program.slug: row.field_id for row in FinderRow.objects.select_related("program")}
    assert rows == {p.slug: p.field_id for p in Program.objects.all()}
    careers = {c.slug: c.program_field and c.program_field.name for c in Career.objects.all()}
    assert careers == {"ml-engineer": "Machine Learning", "astrologer": None}


def test_going_back_restores_the_texts(legacy_rows):
    migrate(latest())
    old = migrate(BEFORE)

    texts = dict(old.get_model("programs", "Program").objects.values_list("slug", "field"))
    for n, (text, field) in enumerate(TYPED.items()):
        assert texts[f"program-{n}"] == (field or text.strip()), text
    rows = old.get_model("programs", "FinderRow").objects.values_list("program__slug", "field")
    assert dict(rows) == texts
    careers = old.get_model("careers", "Career").objects.values_list("slug", "program_field")
    assert dict(careers) == {"ml-engineer": "Machine Learning", "astrologer": ""}


def test_the_vocabulary_is_seeded_with_its_synonyms(legacy_rows):
    new = migrate([PROGRAMS_AFTER, CAREERS_AFTER])

    fields = {f.name: f for f in new.get_model("programs", "Field").objects.all()}
    assert {"Machine Learning", "Artificial Intelligence", "Data Science", "Computer Science",
            "Computer Vision", "Natural Language Processing", "Robotics", "Cybersecurity",
            "Software Engineering", "Statistics"} <= set(fields)  # fmt: skip
    assert "ML" in fields["Machine Learning"].synonyms.split("\n")
