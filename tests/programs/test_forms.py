"""The finder's GET forms, rendered in Python, read exactly as Django's own templates write them."""

import pytest
from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import get_default_renderer

from programs.forms import DirectoryForm, QualifyForm, QuizForm
from programs.models import Field

QUESTIONS = ("bachelors", "cs_degree", "programming", "math")
# The fields of study the forms may name, without a database.
FIELDS = [Field(pk=1, name="Machine Learning", slug="machine-learning", synonyms="ML")]


def _with_django_radios(form):
    for name in QUESTIONS:
        field = form.fields[name]
        widget = forms.RadioSelect(choices=field.choices)
        widget.is_required = field.widget.is_required
        field.widget = widget
    return form


@pytest.mark.parametrize("form_class", [QuizForm, QualifyForm])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"bachelors": "yes", "cs_degree": "no"},
        {"programming": ""},
        {"math": '<b>"maybe"</b> & more'},
    ],
)
def test_yes_no_questions_render_the_same_markup_as_django_radio_buttons(form_class, data):
    extra = {"fields": FIELDS} if form_class is QuizForm else {}
    compact = form_class(data, **extra)
    plain = _with_django_radios(form_class(data, **extra))
    for name in QUESTIONS:
        assert compact[name].as_field_group() == plain[name].as_field_group()


def test_a_chosen_answer_stays_checked_and_a_bad_one_is_marked_invalid():
    form = QuizForm({"bachelors": "no", "math": "perhaps"}, fields=[])
    form.is_valid()
    assert 'value="no" id="id_bachelors_1" checked' in form["bachelors"].as_field_group()
    assert 'aria-invalid="true"' in form["math"].as_field_group()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"gpa": "7", "gre": "abc", "bachelors": "no", "math": "zz", "budget": "-1", "field": "x"},
        {"gpa": '<b>"3"</b> & 4', "max_tuition": "'><script>", "budget": "&amp;", "aid": "on"},
        {
            "field": "Machine Learning",
            "degree": "MS",
            "pacing": "sideways",
            "max_tuition": "abc",
            "no_gre": "on",
            "gpa": "3.2",
            "max_months": "0",
            "state": "CA",
            "sort": "nope",
        },
    ],
)
@pytest.mark.parametrize("form_class", [DirectoryForm, QuizForm, QualifyForm])
def test_every_field_group_renders_the_same_markup_as_django_template(form_class, data):
    extra = {"fields": FIELDS} if form_class in (QuizForm, DirectoryForm) else {}
    form = form_class(data, **extra)
    # Django's own renderer: its templates for the labels and inputs too.
    plain = form_class(data, renderer=get_default_renderer(), **extra)
    for name in form.fields:
        expected = BoundField(plain, plain.fields[name], name).as_field_group()
        assert form[name].as_field_group() == expected


@pytest.mark.parametrize("form_class", [DirectoryForm, QuizForm])
@pytest.mark.parametrize(
    "text", ["machine-learning", "Machine Learning", " machine LEARNING ", "ml"]
)
def test_a_field_of_study_is_chosen_by_slug_name_or_synonym_and_shown_by_its_slug(form_class, text):
    form = form_class({"field": text}, fields=FIELDS)
    # The directory's view lists the fields with programs, with their counts.
    form.fields["field"].choices = [("", "Any field"), ("machine-learning", "Machine Learning")]

    assert form.is_valid(), form.errors
    assert form.cleaned_data["field"] == FIELDS[0]
    assert '<option value="machine-learning" selected>' in str(form["field"])


@pytest.mark.parametrize("form_class", [DirectoryForm, QuizForm])
def test_a_field_of_study_that_names_nothing_is_an_error_on_the_form(form_class):
    form = form_class({"field": "Alchemy"}, fields=FIELDS)

    assert not form.is_valid()
    assert "field" in form.errors


def test_the_directory_reads_the_fields_of_study_only_for_a_link_that_names_one():
    def vocabulary():
        raise AssertionError("read the fields of study without a ?field=")

    assert DirectoryForm({"format": "online"}, fields=vocabulary).filters() == {"format": "online"}
