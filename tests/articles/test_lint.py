"""Warnings about common mistakes in a guide's text (articles/lint.py), without the database."""

import pytest

from articles import lint

CLEAN = "Intro.\n\n## Costs\n\nTuition.\n\n### Aid\n\nGrants.\n\n## Jobs\n\nRoles."


def test_a_clean_body_has_no_warnings():
    assert lint.warnings("A guide", CLEAN) == []


def test_an_empty_body_has_no_warnings_and_no_words():
    assert lint.warnings("A guide", "") == []
    assert lint.word_count("") == 0
    assert lint.reading_minutes(0) == 0


def test_a_skipped_heading_level_is_named_with_the_level_to_use():
    found = lint.warnings("A guide", "## Costs\n\nText.\n\n#### Loans\n\nText.")

    assert found == [
        "The heading “Loans” skips a level (#### after ##): use ### so that the table of "
        "contents and screen readers keep the outline."
    ]


def test_a_first_heading_below_level_two_skips_from_the_title():
    found = lint.warnings("A guide", "### Costs\n\nText.")

    assert found == [
        "The heading “Costs” skips a level (### right after the title): use ## so that the "
        "table of contents and screen readers keep the outline."
    ]


def test_a_link_that_is_not_https_is_named():
    found = lint.warnings("A guide", "See [BLS](http://bls.gov/ooh/) and [us](https://a.example/).")

    assert found == [
        "The link to http://bls.gov/ooh/ is not https: use its https:// address, or a source "
        "that has one."
    ]


def test_an_image_that_is_not_https_is_named():
    found = lint.warnings("A guide", "![Chart](http://img.example/chart.png)")

    assert found == [
        "The image at http://img.example/chart.png is not https: use its https:// address, or "
        "a source that has one."
    ]


@pytest.mark.parametrize("link", ["/programs/", "#costs", "mailto:desk@example.org"])
def test_site_anchor_and_mail_links_are_fine(link):
    assert lint.warnings("A guide", f"See [this]({link}).") == []


def test_an_empty_section_is_named():
    found = lint.warnings("A guide", "## Costs\n\n## Jobs\n\nRoles.")

    assert found == [
        "The section “Costs” is empty: write something under its heading or remove the heading."
    ]


def test_a_heading_at_the_end_with_nothing_under_it_is_an_empty_section():
    found = lint.warnings("A guide", "## Costs\n\nTuition.\n\n## Jobs")

    assert found == [
        "The section “Jobs” is empty: write something under its heading or remove the heading."
    ]


def test_a_section_holding_only_subsections_or_a_widget_is_not_empty():
    body = "## Costs\n\n### Tuition\n\nText.\n\n## Programs to compare\n\n[[programs]]"

    assert lint.warnings("A guide", body) == []


def test_two_headings_with_the_same_address_are_named():
    found = lint.warnings("A guide", "## Costs\n\nA.\n\n## Costs\n\nB.")

    assert found == [
        "2 headings get the same address (#costs): “Costs”, “Costs”. Links to #costs reach "
        "only the first; rename the others."
    ]


def test_explicit_duplicate_ids_are_named():
    found = lint.warnings("A guide", "## One {#same}\n\nA.\n\n## Two {#same}\n\nB.")

    assert found == [
        "2 headings get the same address (#same): “One”, “Two”. Links to #same reach only the "
        "first; rename the others."
    ]


@pytest.mark.parametrize(
    "body",
    [
        "## Can You Earn a Master's in ML?\n\nText.",
        "# Can you earn a master's in ML\n\nText.",
        "Can You Earn a Master's in ML?\n\n## Costs\n\nText.",
    ],
)
def test_a_body_that_starts_by_repeating_the_title_is_named(body):
    found = lint.warnings("Can You Earn a Master's in ML?", body)

    assert len(found) == 1
    assert found[0].startswith("The body starts by repeating the title")


def test_a_title_mentioned_later_in_the_body_is_fine():
    body = "Intro.\n\n## Can You Earn a Master's in ML?\n\nYes."

    assert lint.warnings("Can You Earn a Master's in ML?", body) == []


def test_a_repeated_marker_is_named():
    found = lint.warnings("A guide", "A.\n\n[[programs]]\n\nB.\n\n[[programs]]")

    assert found == [
        "The [[programs]] marker is in the body 2 times; the widget is shown at the first one only."
    ]


@pytest.mark.parametrize("body", ["We list [[careers]] here.", "- item\n\n    [[careers]]"])
def test_a_marker_that_is_not_on_its_own_line_is_named(body):
    found = lint.warnings("A guide", body)

    assert found == [
        "The [[careers]] marker works only on a line of its own, outside lists and quotes; "
        "where it is now it is left out of the page."
    ]


def test_a_misspelt_marker_is_named_with_the_right_ones():
    found = lint.warnings("A guide", "Intro.\n\n[[program]]")

    assert found == [
        "[[program]] is not a marker this site knows, so it shows as text; use [[programs]] or "
        "[[careers]]."
    ]


def test_text_from_a_browser_with_crlf_lines_gives_the_same_warnings():
    body = "## Costs\r\n\r\n#### Loans\r\n\r\nText.\r\n\r\n[[programs]]\r\n"

    assert lint.warnings("A guide", body) == lint.warnings("A guide", body.replace("\r\n", "\n"))


def test_every_kind_of_mistake_is_reported_once_each():
    body = "## Costs\n\n#### Deep\n\n[x](http://a.example/) [y](http://a.example/)\n\n## Empty"

    assert len(lint.warnings("A guide", body)) == 3


def test_words_are_counted_as_the_reader_sees_them():
    body = "## Two words\n\nThree **more** words, [and a link](https://a.example/).\n\n[[programs]]"

    assert lint.word_count(body) == 8


def test_punctuation_on_its_own_is_no_word_and_inline_markup_splits_none():
    assert lint.word_count("See [BLS](https://bls.gov/). **ML**'s reach: wide.") == 5


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (200, 1), (201, 2), (1084, 6)])
def test_reading_time_rounds_up_at_200_words_a_minute(words, minutes):
    assert lint.reading_minutes(words) == minutes
