"""GET forms for the directory, the match quiz and the program page's qualification check.

Every field is optional and every bad value becomes a message on the form: the views apply
whatever did validate and show the rest as errors, never a 500.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString, mark_safe

from core.fragments import html, joined

from . import finder
from .models import US_STATES, Field, Program
from .querysets import find_field
from .rules import StudentProfile

SORT_CHOICES = [
    ("name", "Name (A–Z)"),
    ("tuition", "Total tuition (lowest first)"),
    ("-tuition", "Total tuition (highest first)"),
    ("duration", "Duration (shortest first)"),
    ("acceptance", "Acceptance rate (highest first)"),
    ("featured", "Featured (partners first, paid placement)"),
]
THESIS_CHOICES = [
    ("thesis", "Thesis option"),
    ("capstone", "Capstone option"),
    ("neither", "Neither"),
]
# Text inputs with an input mode rather than type="number": a mistyped value stays visible
# next to its message (and valid HTML), and phones still show a number keypad.
NUMERIC = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
YES_NO = [("yes", "Yes"), ("no", "No"), ("", "Prefer not to say")]


def _safe(value):
    """`value` as html() should take it. html() passes only SafeStrings unescaped, but Django's
    format_html() and templates also trust anything with __html__: a BoundField, an ErrorList,
    a mark_safe()d lazy translation. Those become their HTML; anything else is left to html(),
    which escapes its text."""
    if type(value) is str or isinstance(value, SafeString):
        return value
    write = getattr(value, "__html__", None)
    return value if write is None else SafeString(write())


def _flat_attributes(attrs):
    """django.forms.utils.flatatt(): name="value" pairs sorted by name, then the True ones bare;
    None and False left out."""
    names = sorted(attrs)
    return joined(
        [
            *(
                html(' {name}="{value}"', name=name, value=_safe(attrs[name]))
                for name in names
                if attrs[name] is not None and not isinstance(attrs[name], bool)
            ),
            *(html(" {name}", name=name) for name in names if attrs[name] is True),
        ]
    )


class CompactSelect(forms.Select):
    """A <select> rendered in Python: the template per <option> made the directory's 60-odd
    options its most expensive part."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = joined(
            html(
                '<option value="{key}"{selected}>{label}</option>',
                key=_safe(key),
                selected=SELECTED if str(key) in chosen else "",
                label=_safe(label),
            )
            for key, label in self.choices
        )
        attributes = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return html(
            "<select{attributes}>{options}</select>",
            attributes=_flat_attributes(attributes),
            options=options,
        )


SELECTED = mark_safe(" selected")


class CompactRadioSelect(forms.RadioSelect):
    """Radio buttons rendered in Python, in the same markup as Django's templates: the quiz's
    four yes/no questions cost more than its results when each option went through three."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = joined(
            html(
                '<div>\n    <label{for_id}><input type="{type}" name="{name}"{value}{attributes}>'
                "\n {label}</label>\n\n</div>",
                for_id=html(' for="{id}"', id=_safe(option["attrs"]["id"]))
                if option["attrs"].get("id")
                else "",
                type=option["type"],
                name=option["name"],
                value=html(' value="{value}"', value=_safe(option["value"]))
                if option["value"] is not None
                else "",
                attributes=_attributes(option["attrs"]),
                label=_safe(option["label"]),
            )
            for _, group, _ in widget["optgroups"]
            for option in group
        )
        outer = widget["attrs"]
        return html(
            "<div{id}{css_class}>{options}\n</div>",
            id=html(' id="{id}"', id=_safe(outer["id"])) if outer.get("id") else "",
            css_class=html(' class="{css_class}"', css_class=_safe(outer["class"]))
            if outer.get("class")
            else "",
            options=options,
        )


def _attributes(attrs):
    """Attributes as Django's attrs.html writes them: True bare, False left out."""
    return joined(
        html(" {name}", name=name)
        if value is True
        else html(' {name}="{value}"', name=name, value=_safe(value))
        for name, value in attrs.items()
        if value is not False
    )


class CompactBoundField(BoundField):
    """A field group written in Python, in the same markup as Django's django/forms/field.html:
    the template (and the error list's, rendered even when empty) for each of a dozen fields
    was a fifth of the directory's and the quiz's rendering time."""

    def as_field_group(self):
        if self.template_name != FIELD_TEMPLATE:
            return super().as_field_group()
        fieldset = self.use_fieldset
        if fieldset:
            describedby = self.aria_describedby
            head = html(
                "\n  <fieldset{describedby}>\n  {legend}\n",
                describedby=html(' aria-describedby="{ids}"', ids=_safe(describedby))
                if describedby
                else "",
                legend=_safe(self.legend_tag()) if self.label else "",
            )
        else:
            head = html("\n  {label}\n", label=_safe(self.label_tag()) if self.label else "")
        help_text = ""
        if self.help_text:
            help_text = html(
                '<div class="helptext"{id}>{text}</div>',
                id=html(' id="{id}_helptext"', id=_safe(self.auto_id)) if self.auto_id else "",
                # The template marks it safe too; a lazy translation stays lazy in mark_safe().
                text=_safe(mark_safe(self.help_text)),  # noqa: S308
            )
        errors = self.errors
        fragment = html(
            "{head}\n{help_text}\n{errors}\n{widget}{end}\n",
            head=head,
            help_text=help_text,
            errors=_safe(errors) if errors else "",
            widget=_safe(self),
            end=END_FIELDSET if fieldset else "",
        )
        # Form renderers strip what a template renders.
        return mark_safe(fragment.strip())  # noqa: S308 - built with html() above


FIELD_TEMPLATE = "django/forms/field.html"
END_FIELDSET = mark_safe("</fieldset>")


def _label(context):
    """django/forms/label.html"""
    label = _safe(context["label"])
    if not context["use_tag"]:
        return html("{label}", label=label)
    tag = context["tag"]
    return html(
        "<{tag}{attributes}>{label}</{tag}>",
        tag=tag,
        attributes=_attributes(context["attrs"]),
        label=label,
    )


def _input(context):
    """django/forms/widgets/input.html, which text.html and checkbox.html include."""
    widget = context["widget"]
    value = widget["value"]
    return html(
        '<input type="{type}" name="{name}"{value}{attributes}>',
        type=widget["type"],
        name=widget["name"],
        value=html(' value="{value}"', value=_safe(value)) if value is not None else "",
        attributes=_attributes(widget["attrs"]),
    )


class CompactRenderer(DjangoTemplates):
    """Django's templates for labels and for text and checkbox inputs, written in Python: each
    label or input went through two or three templates. Any other template renders as usual."""

    writers = {
        "django/forms/label.html": _label,
        "django/forms/widgets/input.html": _input,
        "django/forms/widgets/text.html": _input,
        "django/forms/widgets/checkbox.html": _input,
    }

    def render(self, template_name, context, request=None):
        write = self.writers.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        # Renderers strip what a template renders.
        return str(write(context)).strip()


class CompactForm(forms.Form):
    bound_field_class = CompactBoundField
    # One renderer for every form: it builds its template engine once.
    default_renderer = CompactRenderer()


class FieldOfStudyField(forms.ChoiceField):
    """A field of study, chosen by its slug; cleaned to a programs.Field.

    Links made before fields had slugs name the field ("Machine Learning", in any case) and an
    editor may write a synonym ("ML"): both still choose it, so a shared link keeps working.
    The fields are read only when a value has to be matched: `vocabulary` is a list of Fields
    or a function returning one.
    """

    MAX_LENGTH = 100

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(
            choices=[("", empty_label)], required=False, widget=CompactSelect, **kwargs
        )
        self.vocabulary = ()

    def _fields(self):
        if callable(self.vocabulary):
            self.vocabulary = self.vocabulary()
        return self.vocabulary

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        text = str(value)
        found = find_field(self._fields(), text) if len(text) <= self.MAX_LENGTH else None
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": text[: self.MAX_LENGTH]},
            )
        return found

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        # The select marks the chosen option by its slug, whatever the link said.
        if isinstance(value, Field):
            return value.slug
        if value in self.empty_values or len(str(value)) > self.MAX_LENGTH:
            return value
        found = find_field(self._fields(), str(value))
        return found.slug if found else value


def _any(label, choices):
    return [("", label), *choices]


def _yes_no_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=CompactRadioSelect,
    )


# Dollars as people write them: "30000", "30,000", "$30,000", " $ 30,000.50 ". Commas only in
# groups of three, at most two decimals, ASCII digits only. Decimal() alone would take "1e5",
# "NaN" and "Infinity", and "30.000.00" is a European amount we would misread.
MONEY = re.compile(
    r"\$?\s*(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<cents>\.[0-9]{1,2})?", re.ASCII
)
MAX_MONEY = Decimal("10000000")
MONEY_EXAMPLE = "Enter an amount in dollars, such as 40000, 40,000 or $40,000."


def parse_money(text):
    """An amount in dollars as a Decimal, or ValueError with a sentence for the student."""
    value = text.strip()
    if value.startswith("-"):
        raise ValueError("An amount cannot be negative.")
    found = MONEY.fullmatch(value)
    if found is None:
        raise ValueError(MONEY_EXAMPLE)
    amount = Decimal(found["whole"].replace(",", "") + (found["cents"] or ""))
    if amount > MAX_MONEY:
        raise ValueError("Enter an amount of at most $10,000,000.")
    return amount


class MoneyField(forms.Field):
    """An optional amount in dollars read with parse_money()."""

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_money(str(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error


def _money_field(label, help_text):
    return MoneyField(label=label, required=False, help_text=help_text, widget=DECIMAL)


def _gpa_field(label, help_text):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=4,
        max_digits=3,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "invalid": "Enter a GPA on a 4.0 scale, e.g. 3.2.",
            "max_value": "A GPA on a 4.0 scale is at most 4.0.",
            "min_value": "A GPA cannot be negative.",
        },
        widget=DECIMAL,
    )


class DirectoryForm(CompactForm):
    """Filters and sort for /programs/; the parameter names are a public contract."""

    field = FieldOfStudyField(
        label="Field of study",
        empty_label="Any field",
        error_messages={
            "invalid_choice": "No published programs in that field; pick one from the list."
        },
    )
    degree = forms.ChoiceField(
        label="Degree",
        required=False,
        choices=_any("Any degree", Program.Degree.choices),
        widget=CompactSelect,
    )
    format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=_any("Any format", Program.Format.choices),
        widget=CompactSelect,
    )
    pacing = forms.ChoiceField(
        label="Pacing",
        required=False,
        choices=_any("Any pacing", Program.Pacing.choices),
        widget=CompactSelect,
    )
    max_tuition = _money_field(
        "Maximum total tuition ($)", "Programs without a published total are left out."
    )
    gpa = _gpa_field(
        "My GPA",
        "Shows programs whose minimum GPA is at or under yours, and those that publish none.",
    )
    no_gre = forms.BooleanField(label="No GRE required", required=False, label_suffix="")
    thesis = forms.ChoiceField(
        label="Thesis or capstone",
        required=False,
        choices=_any("Either or none", THESIS_CHOICES),
        widget=CompactSelect,
    )
    max_months = forms.IntegerField(
        label="Finish within (months)",
        required=False,
        min_value=1,
        max_value=120,
        help_text="The shortest published duration is at or under this.",
        error_messages={"invalid": "Enter a whole number of months, e.g. 24."},
        widget=NUMERIC,
    )
    state = forms.ChoiceField(
        label="School's state",
        required=False,
        choices=_any("Any state", US_STATES),
        widget=CompactSelect,
    )
    aid = forms.BooleanField(label="Financial aid available", required=False, label_suffix="")
    accredited = forms.BooleanField(
        label="Institutionally accredited school", required=False, label_suffix=""
    )
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=SORT_CHOICES, widget=CompactSelect
    )

    def __init__(self, *args, fields=finder.vocabulary, **kwargs):
        """`fields`: the fields of study ?field= may name (a list, or a function giving one,
        called only when the link names a field)."""
        super().__init__(*args, **kwargs)
        self.fields["field"].vocabulary = fields

    def filters(self):
        """The values that validated, without empty ones; invalid ones are left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: value
            for name, value in data.items()
            # Not `value not in (None, "", False)`: 0 == False, and "max tuition 0" is a filter.
            if name != "sort" and value is not None and value != "" and value is not False
        }

    def sort_key(self):
        self.is_valid()
        return self.cleaned_data.get("sort") or "name"


class QualifyForm(CompactForm):
    """The student's admission profile, as asked on the program page and in the quiz."""

    gpa = _gpa_field("Your GPA (4.0 scale)", "Leave blank if you prefer not to say.")
    gre = forms.IntegerField(
        label="Your GRE total (260–340)",
        required=False,
        min_value=260,
        max_value=340,
        help_text="Leave blank if you have not taken the GRE.",
        error_messages={
            "invalid": "Enter a GRE total between 260 and 340, or leave it blank.",
            "min_value": "A GRE total is at least 260.",
            "max_value": "A GRE total is at most 340.",
        },
        widget=NUMERIC,
    )
    bachelors = _yes_no_field("Do you have (or will you finish) a bachelor's degree?")
    cs_degree = _yes_no_field("Is it in computer science or a related field?")
    programming = _yes_no_field("Do you have programming experience?")
    math = _yes_no_field("Have you taken calculus, linear algebra or statistics?")

    def has_answers(self):
        return self.is_bound and any(self.data.get(name) not in (None, "") for name in self.fields)

    def profile(self):
        """The answers that validated, as a rules.StudentProfile."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return StudentProfile(
            gpa=data.get("gpa"),
            gre=data.get("gre"),
            has_bachelors=data.get("bachelors"),
            cs_degree=data.get("cs_degree"),
            programming=data.get("programming"),
            math=data.get("math"),
        )


class QuizForm(QualifyForm):
    """The match quiz: the admission profile plus what the student prefers."""

    budget = _money_field("Your budget for total tuition ($)", "Programs within it rank higher.")
    format = forms.ChoiceField(
        label="Preferred format",
        required=False,
        choices=_any("No preference", Program.Format.choices),
        widget=CompactSelect,
    )
    pacing = forms.ChoiceField(
        label="Preferred pacing",
        required=False,
        choices=_any("No preference", Program.Pacing.choices),
        widget=CompactSelect,
    )
    field = FieldOfStudyField(label="Field of interest", empty_label="Any field")

    def __init__(self, *args, fields=(), **kwargs):
        """`fields`: the fields of study offered (those with published programs)."""
        super().__init__(*args, **kwargs)
        fields = list(fields)
        self.fields["field"].vocabulary = fields
        self.fields["field"].choices = _any("Any field", [(f.slug, f.name) for f in fields])

    def preferences(self):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("budget", "format", "pacing", "field")}
