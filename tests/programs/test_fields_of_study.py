"""Fields of study as a controlled vocabulary: resolving what people type, the directory's
links old and new, the quiz, search, the admin, and the synthetic data."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from programs.models import Field, Program, School
from tests.programs.factories import FieldFactory, ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db
DIRECTORY = "/programs/"


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def result_titles(response):
    results = html(response).split('class="program-list"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'program-card__title"><a href="[^"]+">([^<]+)<', results)


@pytest.fixture
def nlp():
    """The vocabulary's field (seeded by the migration, unless a test emptied the database),
    with synonyms separated both ways."""
    field, _ = Field.objects.update_or_create(
        name="Natural Language Processing",
        defaults={
            "slug": "natural-language-processing",
            "synonyms": "NLP, Computational Linguistics\nText Mining",
        },
    )
    return field


@pytest.mark.parametrize(
    "text",
    [
        "Natural Language Processing",
        "natural language processing",
        "  NATURAL   language processing\n",
        "natural-language-processing",
        "NLP",
        " nlp ",
        "computational linguistics",
        "Text Mining",
    ],
)
def test_resolve_finds_a_field_by_name_slug_or_synonym_in_any_case(nlp, text):
    assert Field.objects.resolve(text) == nlp


@pytest.mark.parametrize("text", ["", "   ", None, "Linguistics", "NL", "Processing"])
def test_resolve_gives_none_for_text_that_names_no_field(nlp, text):
    assert Field.objects.resolve(text) is None


def test_a_name_wins_over_another_fields_synonym(nlp):
    # Written before the clean() check existed, or straight into the database.
    robotics = FieldFactory(name="Robotics", synonyms="Text Mining")
    text_mining = FieldFactory(name="Text Mining")

    assert Field.objects.resolve("text mining") == text_mining
    assert Field.objects.resolve("robotics") == robotics


def test_a_synonym_that_already_names_another_field_is_refused_with_a_message(nlp):
    field = Field(name="Linguistics", slug="linguistics", synonyms="Corpus work, nlp")

    with pytest.raises(ValidationError) as refused:
        field.full_clean()

    assert refused.value.message_dict["synonyms"] == [
        "“nlp” already names the field Natural Language Processing."
    ]


@pytest.mark.parametrize(
    ("name", "slug", "error"),
    [
        ("natural language processing", "nlp-2", {"name": "Natural Language Processing"}),
        ("Text Mining", "text-mining", {"name": "Natural Language Processing"}),
        ("Linguistics", "NLP", {"slug": "Natural Language Processing"}),
    ],
)
def test_a_name_or_slug_that_already_names_another_field_is_refused(nlp, name, slug, error):
    field = Field(name=name, slug=slug)

    with pytest.raises(ValidationError) as refused:
        field.full_clean()

    ((column, other),) = error.items()
    assert refused.value.message_dict[column][-1].endswith(f"already names the field {other}.")


def test_a_field_may_keep_its_own_name_among_its_synonyms(nlp):
    nlp.synonyms += "\nnatural language processing"

    nlp.full_clean()


def test_the_field_prints_as_its_name_on_the_program_page(client, nlp):
    program = ProgramFactory(field=nlp, specialization="Speech track")

    page = html(client.get(program.get_absolute_url()))

    assert "<dt>Field</dt><dd>Natural Language Processing (Speech track)</dd>" in page
    assert str(nlp) == "Natural Language Processing"


# The directory ------------------------------------------------------------------------------


@pytest.fixture
def two_fields(nlp):
    ProgramFactory(name="Language program", field=nlp)
    ProgramFactory(name="Learning program", field="Machine Learning")


@pytest.mark.usefixtures("two_fields")
@pytest.mark.parametrize(
    "link",
    [
        "natural-language-processing",  # the select's own value
        "Natural Language Processing",  # a link shared before fields had slugs
        "natural language processing",
        "NLP",
    ],
)
def test_a_field_link_old_or_new_filters_and_shows_the_field_chosen(client, link):
    response = client.get(DIRECTORY, {"field": link})

    assert result_titles(response) == ["Language program"]
    page = html(response)
    assert (
        '<option value="natural-language-processing" selected>Natural Language Processing (1)'
        "</option>" in page
    )
    assert "Field of study: Natural Language Processing" in page  # the chosen filters


@pytest.mark.usefixtures("two_fields")
def test_a_field_that_names_nothing_is_a_message_and_the_other_filters_stay(client):
    response = client.get(DIRECTORY, {"field": "Astrology", "format": "online"})

    assert "No published programs in that field; pick one from the list." in html(response)
    assert sorted(result_titles(response)) == ["Language program", "Learning program"]


def test_a_field_without_published_programs_says_so(client, nlp):
    ProgramFactory(field=nlp, unpublished=True)
    ProgramFactory(field="Machine Learning")

    page = html(client.get(DIRECTORY, {"field": "nlp"}))

    assert "No published programs in that field; pick one from the list." in page
    assert "No programs match these filters" in page


def test_the_field_facet_has_one_option_per_field_however_it_was_typed(client):
    FieldFactory(name="Machine Learning", synonyms="ML")
    for typed in ("Machine Learning", "machine learning", "ML"):
        ProgramFactory(field=typed)

    page = html(client.get(DIRECTORY))

    assert '<option value="machine-learning">Machine Learning (3)</option>' in page
    assert page.count(">Machine Learning (") == 1
    assert '<th scope="row">Machine Learning</th><td>3</td>' in page


def test_renaming_a_field_shows_at_once_on_cached_pages(client, nlp):
    ProgramFactory(field=nlp)
    assert "Natural Language Processing (1)" in html(client.get(DIRECTORY))

    nlp.name = "Language Technology"
    nlp.save()

    page = html(client.get(DIRECTORY, {"field": "natural-language-processing"}))
    assert '<option value="natural-language-processing" selected>Language Technology (1)' in page


def test_the_fields_links_are_resolved_against_are_cached_until_one_changes(
    django_assert_num_queries, nlp
):
    from programs import finder

    finder.vocabulary()
    with django_assert_num_queries(0):
        assert nlp in finder.vocabulary()

    nlp.name = "Language Technology"
    nlp.save()

    assert "Language Technology" in [field.name for field in finder.vocabulary()]


# The quiz and search ------------------------------------------------------------------------

QUIZ = "/programs/match/"


@pytest.mark.usefixtures("two_fields")
@pytest.mark.parametrize("link", ["natural-language-processing", "Natural Language Processing"])
def test_the_quiz_ranks_the_preferred_field_first_from_old_and_new_links(client, link):
    page = html(client.get(QUIZ, {"bachelors": "yes", "field": link}))

    assert '<option value="natural-language-processing" selected>' in page
    assert "Natural Language Processing, as you prefer" in page
    assert page.index("Language program") < page.index("Learning program")


def test_search_finds_programs_by_their_field_and_its_synonyms(client, nlp):
    program = ProgramFactory(name="MS in Wombat Studies", field=nlp)

    def found(query):
        response = client.get("/search/", {"q": query})
        return [r.url for r in response.context["search"].page_obj or []]

    assert program.get_absolute_url() in found("computational linguistics")
    nlp.synonyms = "Wordcraft"
    nlp.save()  # the program's entry follows its field
    assert program.get_absolute_url() in found("wordcraft")
    assert program.get_absolute_url() not in found("computational linguistics")


# The admin ----------------------------------------------------------------------------------


def test_the_admin_lists_programs_whose_field_is_not_set(client, editor):
    ProgramFactory(name="Mapped program")
    ProgramFactory(name="Left for an editor", field=None, specialization="Quantum Basket Weaving")
    client.force_login(editor)
    url = reverse("admin:programs_program_changelist")

    assert "Not set" in html(client.get(url))
    page = html(client.get(url, {"field__isnull": "True"}))

    assert "Left for an editor" in page
    assert "Mapped program" not in page


def test_the_admin_form_requires_a_field(client, editor):
    school = SchoolFactory()
    client.force_login(editor)
    data = {
        "school": school.pk,
        "name": "MS in Something",
        "slug": "ms-in-something",
        "degree": "MS",
        "field": "",
        "format": "online",
        "pacing": "synchronous",
        "tuition_basis": "total",
        "admission-TOTAL_FORMS": "0",
        "admission-INITIAL_FORMS": "0",
        "courses-TOTAL_FORMS": "0",
        "courses-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:programs_program_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["field"] == ["This field is required."]
    assert not Program.objects.filter(slug="ms-in-something").exists()


def test_the_field_admin_counts_programs_and_finds_fields_by_synonym(client, editor, nlp):
    ProgramFactory.create_batch(2, field=nlp)
    client.force_login(editor)

    page = html(client.get(reverse("admin:programs_field_changelist"), {"q": "linguistics"}))

    assert "Natural Language Processing" in page
    assert '<td class="field-program_count">2</td>' in page
    assert "Machine Learning" not in page


def test_a_field_in_use_cannot_be_deleted(nlp):
    from django.db.models import ProtectedError

    ProgramFactory(field=nlp)

    with pytest.raises(ProtectedError):
        nlp.delete()


# Synthetic data -----------------------------------------------------------------------------


def test_synthetic_rows_are_marked_and_take_their_fields_from_the_vocabulary():
    # The vocabulary's own field, named differently from the generator's "Machine Learning".
    ours = FieldFactory(name="Machine Learning", synonyms="ML")
    Field.objects.filter(pk=ours.pk).update(name="Machine learning (ML)")
    ProgramFactory(name="Edited by hand", field=ours)

    call_command("generate_programs", count=40, seed=3, stdout=StringIO())
    fields = Field.objects.count()
    call_command("generate_programs", count=40, seed=3, stdout=StringIO())

    programs = Program.objects.filter(slug__startswith="synthetic-")
    assert programs.count() == 40
    assert not programs.filter(is_synthetic=False).exists()
    assert not School.objects.filter(slug__startswith="synthetic-", is_synthetic=False).exists()
    assert not programs.filter(field__isnull=True).exists()
    assert programs.filter(field=ours).exists()
    assert Field.objects.count() == fields  # a second run finds the fields the first one used
    assert not Program.objects.filter(name="Edited by hand", is_synthetic=True).exists()
