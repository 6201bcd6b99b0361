"""Money inputs (directory tuition filter, quiz budget): amounts as people write them."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.forms import MONEY_EXAMPLE, DirectoryForm, QuizForm, parse_money
from tests.programs.factories import ProgramFactory


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("30000", Decimal("30000")),
        ("30,000", Decimal("30000")),
        ("$30,000", Decimal("30000")),
        (" $ 30,000.50 ", Decimal("30000.50")),
        ("$1,234,567", Decimal("1234567")),
        ("0", Decimal("0")),
        ("$0.5", Decimal("0.5")),
        ("10,000,000", Decimal("10000000")),
    ],
)
def test_amounts_written_with_commas_and_dollar_signs_are_read(text, amount):
    assert parse_money(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e5", MONEY_EXAMPLE),
        ("NaN", MONEY_EXAMPLE),
        ("Infinity", MONEY_EXAMPLE),
        ("-Infinity", "An amount cannot be negative."),
        ("-5", "An amount cannot be negative."),
        ("30.000.00", MONEY_EXAMPLE),
        ("30,00", MONEY_EXAMPLE),  # not a group of three: a European 30.00 or a typo
        ("3,0000", MONEY_EXAMPLE),
        ("30000.123", MONEY_EXAMPLE),
        ("$$30", MONEY_EXAMPLE),
        ("30 000", MONEY_EXAMPLE),
        ("٣٠٠٠٠", MONEY_EXAMPLE),  # digits of another script
        ("cheap", MONEY_EXAMPLE),
        ("10,000,001", "Enter an amount of at most $10,000,000."),
    ],
)
def test_other_writings_are_refused_with_a_sentence(text, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_money(text)


def _with_commas(number):
    return f"{number:,}"


@given(
    number=st.integers(min_value=0, max_value=10_000_000),
    dollar=st.sampled_from(["", "$", "$ "]),
    commas=st.booleans(),
    padding=st.sampled_from(["", " ", "  "]),
)
def test_any_whole_amount_with_commas_and_a_dollar_sign_reads_back_as_itself(
    number, dollar, commas, padding
):
    text = padding + dollar + (_with_commas(number) if commas else str(number)) + padding
    assert parse_money(text) == number


@given(st.text(max_size=20))
def test_any_text_is_read_or_refused_with_a_sentence_never_an_exception(text):
    amount, message = _read(text)
    if amount is None:
        assert message.endswith(".")
    else:
        assert Decimal(0) <= amount <= Decimal(10_000_000)
        assert amount.is_finite()


def _read(text):
    try:
        return parse_money(text), ""
    except ValueError as refused:
        return None, str(refused)


@pytest.mark.parametrize(
    ("form", "name"),
    [
        (lambda data: DirectoryForm(data), "max_tuition"),
        (lambda data: QuizForm(data, fields=[]), "budget"),
    ],
)
@pytest.mark.parametrize("text", ["30000", "30,000", "$30,000", " $ 30,000.00 "])
def test_money_fields_of_the_get_forms_use_the_parser(form, name, text):
    bound = form({name: text})
    bound.is_valid()
    assert bound.cleaned_data[name] == Decimal("30000")


@pytest.mark.django_db
def test_directory_filters_by_a_tuition_written_with_a_dollar_sign_and_commas(client):
    ProgramFactory(name="Affordable MS", tuition_amount=Decimal("25000"))
    ProgramFactory(name="Costly MS", tuition_amount=Decimal("45000"))

    page = client.get("/programs/", {"max_tuition": "$30,000"}).content.decode()

    assert "1 program matches" in page
    assert "Affordable MS" in page.split('id="results-heading"', 1)[1]
    assert "Costly MS" not in page.split('id="results-heading"', 1)[1]
    assert 'value="$30,000"' in page  # what the student typed stays in the box


@pytest.mark.django_db
def test_directory_refuses_an_exponent_with_a_message_and_keeps_the_other_filters(client):
    ProgramFactory(name="Online MS", format="online")
    ProgramFactory(name="Hybrid MS", format="hybrid")

    response = client.get("/programs/", {"max_tuition": "1e5", "format": "hybrid"})

    page = response.content.decode()
    assert response.status_code == 200
    assert MONEY_EXAMPLE in page
    assert "1 program matches" in page


@pytest.mark.django_db
def test_quiz_reads_a_budget_with_commas_and_refuses_nan(client):
    ProgramFactory(name="Budget MS", tuition_amount=Decimal("20000"))

    read = client.get("/programs/match/", {"budget": "$25,000"}).content.decode()
    refused = client.get("/programs/match/", {"budget": "NaN"}).content.decode()

    assert "Within your budget" in read
    assert MONEY_EXAMPLE in refused
    assert "Within your budget" not in refused
