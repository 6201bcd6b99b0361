"""The program admin form: every number it accepts can be stored, every other combination is a
message on the form (never a 500 or a DataError, on SQLite and PostgreSQL); a slug the site's own
pages use is refused; and figures that cannot be true are refused with a reason."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from programs.models import MAX_TOTAL, Program
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:programs_program_add")
MESSAGE_TOO_LARGE = "Per-credit tuition times credit hours must stay under $100,000,000"
FAR_FUTURE = date(9999, 12, 31)


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


def program_data(program, **changes):
    """The program admin form's POST body for `program`'s values (no inline rows), changed."""
    data = {}
    for name, value in model_to_dict(program).items():
        field = Program._meta.get_field(name)
        if field.get_internal_type() == "BooleanField" and field.null:
            data[name] = {True: "true", False: "false", None: "unknown"}[value]
        elif field.get_internal_type() == "BooleanField":
            if value:
                data[name] = "on"
        else:
            data[name] = _post_value(value)
    for prefix in ("admission", "courses"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update({name: _post_value(value) for name, value in changes.items()})
    return data


def _new_program_values():
    """A program not yet saved, whose values the add form is posted with."""
    template = ProgramFactory(slug="template-program", name="Template program")
    template.pk = None
    template.slug = "new-program"
    template.name = "New program"
    return template


def _add(client, user, **changes):
    client.force_login(user)
    return client.post(ADD_URL, program_data(_new_program_values(), **changes))


# 1. Numbers the form accepts are numbers the database stores. --------------------------------


def test_the_reported_per_credit_overflow_is_a_message_not_a_500(client, editor):
    response = _add(
        client,
        editor,
        tuition_basis="per_credit",
        credit_hours=30000,
        tuition_amount="99999999",
    )

    assert response.status_code == 200
    assert MESSAGE_TOO_LARGE in response.text
    assert not Program.objects.filter(slug="new-program").exists()


def test_the_largest_per_credit_tuition_that_fits_is_stored(client, editor):
    response = _add(
        client, editor, tuition_basis="per_credit", credit_hours=3, tuition_amount="33333333.33"
    )

    assert response.status_code == 302
    program = Program.objects.get(slug="new-program")
    assert program.tuition_total == Decimal("99999999.99")


def _admin_form_class(user):
    request = RequestFactory().get(ADD_URL)
    request.user = user
    return admin.site._registry[Program].get_form(request)


def numbers(low, high):
    """What an editor may type into a number box: edges, typical values, garbage."""
    return st.one_of(
        st.just(""),
        st.integers(min_value=low, max_value=high).map(str),
        st.sampled_from(["0", "-1", "1e3", "NaN", "1,000", " 12 ", "4.5", "99999999999"]),
    )


# Whole dollars and cents: PostgreSQL computes with whole numbers as integers, cents as numeric.
AMOUNTS = st.one_of(
    st.just(""),
    st.integers(min_value=0, max_value=99_999_999).map(str),
    st.decimals(min_value=0, max_value=MAX_TOTAL, places=2, allow_nan=False).map(str),
    st.sampled_from(
        ["99999999.99", "100000000", "0.01", "-5", "1e9", "Infinity", "12.345", "33333333.34"]
    ),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(  # the reported 500
    basis="per_credit",
    credit_hours="30000",
    tuition_amount="99999999",
    application_fee="",
    shortest="",
    longest="",
)
@given(
    basis=st.sampled_from(["total", "per_credit", "per_month", ""]),
    credit_hours=numbers(-5, 40000),
    tuition_amount=AMOUNTS,
    application_fee=AMOUNTS,
    shortest=numbers(-5, 40000),
    longest=numbers(-5, 40000),
)
def test_every_number_the_program_form_accepts_is_stored(
    editor, basis, credit_hours, tuition_amount, application_fee, shortest, longest
):
    form_class = _admin_form_class(editor)
    # Whatever the form says, the database must agree: a DataError or IntegrityError raised here
    # is the 500 an editor would get.
    with transaction.atomic():
        data = program_data(
            _new_program_values(),
            tuition_basis=basis,
            credit_hours=credit_hours,
            tuition_amount=tuition_amount,
            application_fee=application_fee,
            duration_min_months=shortest,
            duration_max_months=longest,
        )
        form = form_class(data=data)
        if form.is_valid():
            program = form.save()
            program.refresh_from_db()
            assert program.tuition_total is None or program.tuition_total <= MAX_TOTAL
        else:
            assert form.errors  # a message the editor can read
        transaction.set_rollback(True)


def test_per_credit_tuition_with_zero_credit_hours_is_refused(client, editor):
    response = _add(
        client, editor, tuition_basis="per_credit", credit_hours=0, tuition_amount="1200"
    )

    assert response.status_code == 200
    assert "0 would make the total $0" in response.text
    assert not Program.objects.filter(slug="new-program").exists()


# 6. Slugs the site's own pages use under /programs/ are reserved. -----------------------------


def _literal_segments_under(prefix):
    """Every fixed path segment right after `prefix` in the site's URLconf, e.g. "compare"."""
    found = set()

    def walk(patterns, route):
        for pattern in patterns:
            here = route + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, here)
            elif isinstance(pattern, URLPattern) and here.startswith(prefix):
                segment = here.removeprefix(prefix).split("/")[0]
                if segment and "<" not in segment:
                    found.add(segment)

    walk(get_resolver().url_patterns, "")
    return found


def test_the_urlconf_has_pages_under_programs():
    assert {"compare", "match"} <= _literal_segments_under("programs/")


@pytest.mark.parametrize("slug", sorted(_literal_segments_under("programs/")))
def test_a_program_slug_a_site_page_already_uses_is_refused(client, editor, slug):
    response = _add(client, editor, slug=slug)

    assert response.status_code == 200
    assert f"/programs/{slug}/ is already a page of the site; choose another slug." in (
        response.text
    )
    assert not Program.objects.filter(slug=slug).exists()


def test_renaming_a_program_to_a_site_pages_slug_is_refused(client, editor):
    program = ProgramFactory(slug="ms-ai")
    client.force_login(editor)

    response = client.post(
        reverse("admin:programs_program_change", args=[program.pk]),
        program_data(program, slug="match"),
    )

    assert response.status_code == 200
    program.refresh_from_db()
    assert program.slug == "ms-ai"
    assert client.get("/programs/ms-ai/").status_code == 200


def test_an_ordinary_slug_is_accepted(client, editor):
    response = _add(client, editor, slug="ms-compare-and-match")

    assert response.status_code == 302
    assert Program.objects.filter(slug="ms-compare-and-match").exists()


# 7. A "checked on" date cannot be in the future. ----------------------------------------------


@pytest.mark.parametrize("day", [FAR_FUTURE, date.today() + timedelta(days=3)])
def test_a_tuition_checked_on_date_in_the_future_is_refused(client, editor, day):
    response = _add(client, editor, tuition_checked_on=day)

    assert response.status_code == 200
    assert "This date is in the future" in response.text
    assert not Program.objects.filter(slug="new-program").exists()


def test_a_tuition_checked_today_is_accepted(client, editor):
    response = _add(client, editor, tuition_checked_on=timezone.localdate())

    assert response.status_code == 302


def test_an_admissions_checked_on_date_in_the_future_is_refused():
    rule = AdmissionRuleFactory.build(program=ProgramFactory(), checked_on=FAR_FUTURE)

    with pytest.raises(ValidationError, match="This date is in the future") as refused:
        rule.full_clean()

    assert "checked_on" in refused.value.message_dict
