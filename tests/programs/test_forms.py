"""The finder's GET forms, rendered in Python, read exactly as Django's own templates write them."""

import pytest
from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

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


HOSTILE = "<script>alert(\"x\")</script> & 'y'"
SAFE_ATTRIBUTE = mark_safe("<ok>")  # noqa: S308 - markup trusted as it is
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27;"


def test_a_submitted_value_is_escaped_in_the_text_input_and_in_the_message_for_a_bad_choice():
    form = DirectoryForm({"max_tuition": HOSTILE, "format": HOSTILE}, fields=FIELDS)
    form.is_valid()

    tuition = form["max_tuition"].as_field_group()
    assert f'value="{ESCAPED}"' in tuition
    choice = form["format"].as_field_group()
    assert f"{ESCAPED} is not one of the available choices" in choice
    quiz = QuizForm({"math": HOSTILE}, fields=FIELDS)
    quiz.is_valid()
    assert f"{ESCAPED} is not one of the available choices" in quiz["math"].as_field_group()
    for html in (tuition, choice, quiz["math"].as_field_group()):
        assert "<script>" not in html


def test_lazy_and_safe_labels_choices_and_help_texts_render_as_django_templates_do():
    """A translated label or choice is escaped text; a help text, or a choice or attribute
    marked safe (lazily or not), is written as it is."""

    def dress(form):
        for name, field in form.fields.items():
            field.label = gettext_lazy("<b>Lazy</b> & label")
            field.help_text = mark_safe(gettext_lazy("<em>Help</em> & more"))  # noqa: S308
            field.widget.attrs.update(title=gettext_lazy("a&b"), **{"data-x": SAFE_ATTRIBUTE})
            if name in QUESTIONS:
                field.choices = [
                    ("yes", gettext_lazy("<Yes> & ")),
                    ("no", mark_safe(gettext_lazy("<i>No</i>"))),  # noqa: S308
                ]
            form[name].label = field.label
            form[name].help_text = field.help_text
        return form

    data = {"gpa": HOSTILE, "math": "no"}
    compact = dress(QualifyForm(data))
    plain = dress(_with_django_radios(QualifyForm(data, renderer=get_default_renderer())))
    for name in compact.fields:
        expected = BoundField(plain, plain.fields[name], name).as_field_group()
        assert compact[name].as_field_group() == expected
    assert "&lt;b&gt;Lazy&lt;/b&gt; &amp; label" in compact["gpa"].as_field_group()
    assert '"id_gpa_helptext"><em>Help</em> & more</div>' in compact["gpa"].as_field_group()
    assert 'title="a&amp;b" data-x="<ok>"' in compact["gpa"].as_field_group()
    assert '<label for="id_math_1"><input' in compact["math"].as_field_group()
    assert "<i>No</i></label>" in compact["math"].as_field_group()
    assert "&lt;Yes&gt; &amp; </label>" in compact["math"].as_field_group()


def test_a_select_escapes_its_choices_unless_they_are_safe():
    form = DirectoryForm({"format": "online"}, fields=FIELDS)
    form.fields["format"].choices = [
        ("online", gettext_lazy("<Online> & more")),
        ('"q"', mark_safe("<b>bold</b>")),  # noqa: S308
        ("x", mark_safe(gettext_lazy("<i>lazy</i>"))),  # noqa: S308
    ]
    form.fields["format"].widget.attrs["data-note"] = HOSTILE

    assert str(form["format"]) == (
        f'<select data-note="{ESCAPED}" id="id_format" name="format">'
        '<option value="online" selected>&lt;Online&gt; &amp; more</option>'
        '<option value="&quot;q&quot;"><b>bold</b></option>'
        '<option value="x"><i>lazy</i></option></select>'
    )
