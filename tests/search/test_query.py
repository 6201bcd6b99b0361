"""What a student types becomes plain words: limited, lowercased, stop words and syntax gone."""

import pytest

from guidesite.search import MAX_QUERY_LENGTH, MAX_TERMS, parse


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Data Scientist", ("data", "scientist")),
        ("master's", ("master",)),
        ("How to become a data scientist?", ("become", "data", "scientist")),
        ('"machine learning"', ("machine", "learning")),
        ("mach* NEAR(learn) OR -ai", ("mach", "near", "learn", "ai")),
        ("title:GRE ^320 (GPA)", ("title", "gre", "320", "gpa")),
        ("data data DATA", ("data",)),
        ("Guide\x00x", ("guidex",)),
        ("C++ or C#", ()),
        ("'; DROP TABLE articles_article; --", ("drop", "table", "articles", "article")),
        ("Zürich café", ("zürich", "café")),
    ],
)
def test_a_query_becomes_plain_lowercase_words(typed, words):
    assert parse(typed).words == words


def test_a_long_query_is_cut_and_says_so():
    query = parse("data " * 40)

    assert query.too_long
    assert len(query.text) == MAX_QUERY_LENGTH


def test_a_query_keeps_at_most_the_first_words():
    query = parse("one two three four five six seven eight")

    assert query.words == ("one", "two", "three", "four", "five", "six")[:MAX_TERMS]


def test_a_query_of_common_words_only_has_nothing_to_search_for():
    query = parse("how to do it")

    assert query.words == ()
    assert query.only_common_words


@pytest.mark.parametrize("typed", ["", "   ", "\x00", "!!!", None])
def test_an_empty_query_has_no_words_and_no_message(typed):
    query = parse(typed)

    assert query.words == ()
    assert not query.only_common_words
    assert not query.too_long
