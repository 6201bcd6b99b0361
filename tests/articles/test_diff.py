"""The field-by-field diff: pure functions over snapshots."""

from articles import diff
from tests.articles.factories import ArticleVersionFactory, FAQFactory, SourceFactory


def base(**changes):
    snap = {
        "title": "Can you earn a master's in ML?",
        "dek": "Yes, online.",
        "body": "Read the [BLS page](https://bls.gov/ooh) first.",
        "author": "Aaron",
        "editor": "Mitch",
        "programs": ["Program A"],
        "careers": [],
        "change_note": "",
        "is_minor": "no",
        "faqs": [{"question": "Is it online?", "answer": "Yes."}],
        "sources": [{"title": "BLS", "publisher": "", "url": "https://bls.gov", "accessed_on": ""}],
    }
    snap.update(changes)
    return snap


def by_name(diffs):
    return {d.name: d for d in diffs}


def test_word_diff_marks_inserted_and_deleted_words():
    segments = diff.word_diff("salaries rose fast", "salaries rose slowly")

    assert segments == [
        {"op": "equal", "text": "salaries rose "},
        {"op": "delete", "text": "fast"},
        {"op": "insert", "text": "slowly"},
    ]


def test_word_diff_of_identical_text_is_one_equal_segment():
    assert diff.word_diff("same words", "same words") == [{"op": "equal", "text": "same words"}]


def test_links_finds_markdown_autolinks_and_bare_addresses():
    text = "See [x](https://a.org/1), <https://b.org> and https://c.org/page."

    assert diff.links(text) == ["https://a.org/1", "https://b.org", "https://c.org/page."]


def test_changed_link_targets_are_listed():
    new = base(body="Read the [BLS page](https://www.bls.gov/ooh/new) first.")

    body = by_name(diff.compare(base(), new))["body"]

    assert body.links_added == ["https://www.bls.gov/ooh/new"]
    assert body.links_removed == ["https://bls.gov/ooh"]


def test_unchanged_fields_are_reported_unchanged():
    diffs = by_name(diff.compare(base(), base(title="A new title")))

    assert diffs["title"].changed
    assert not diffs["body"].changed
    assert not diffs["faqs"].has_changes


def test_faqs_added_removed_and_changed():
    old = base(
        faqs=[
            {"question": "Q1?", "answer": "A"},
            {"question": "Q2?", "answer": "B"},
            {"question": "Q4?", "answer": "D"},
        ]
    )
    new = base(
        faqs=[
            {"question": "Q1?", "answer": "A longer"},
            {"question": "Q4?", "answer": "D"},
            {"question": "Q5?", "answer": "E"},
        ]
    )

    faqs = by_name(diff.compare(old, new))["faqs"]

    assert [c["new"]["question"] for c in faqs.changed] == ["Q1?"]
    assert [a["question"] for a in faqs.added] == ["Q5?"]
    assert [r["question"] for r in faqs.removed] == ["Q2?"]
    assert [u["question"] for u in faqs.unchanged] == ["Q4?"]


def test_a_reworded_question_in_place_is_a_change():
    old = base(faqs=[{"question": "Is it online?", "answer": "Yes."}])
    new = base(faqs=[{"question": "Is it fully online?", "answer": "Yes."}])

    faqs = by_name(diff.compare(old, new))["faqs"]

    assert faqs.added == []
    assert faqs.removed == []
    assert faqs.changed[0]["fields"][0].changed


def test_sources_replaced_in_place_are_changed_and_extra_ones_removed():
    new = base(
        sources=[{"title": "O*NET", "publisher": "", "url": "https://onet.org", "accessed_on": ""}]
    )
    old = base()
    old["sources"].append(
        {"title": "Extra", "publisher": "", "url": "https://extra.org", "accessed_on": ""}
    )

    sources = by_name(diff.compare(old, new))["sources"]

    assert [s["url"] for s in sources.removed] == ["https://extra.org"]
    assert [(c["old"]["url"], c["new"]["url"]) for c in sources.changed] == [
        ("https://bls.gov", "https://onet.org")
    ]


def test_a_new_guide_compares_against_nothing():
    diffs = by_name(diff.compare(None, base()))

    assert diffs["title"].changed
    assert diffs["faqs"].added == [{"question": "Is it online?", "answer": "Yes."}]


def test_summary_counts_words_and_items():
    new = base(
        body="Read the [BLS page](https://bls.gov/ooh) first. Then apply.",
        faqs=[],
        is_minor="yes",
    )

    lines = diff.summary(diff.compare(base(), new))

    assert "Body: 2 words added, 0 removed" in lines
    assert "FAQs: 1 removed" in lines
    assert "Minor change: no → yes" in lines


def test_summary_of_no_changes_says_so():
    assert diff.summary(diff.compare(base(), base())) == ["No changes against the live version."]


def test_snapshot_reads_a_version_with_faqs_and_sources(db):
    version = ArticleVersionFactory(title="T")
    FAQFactory(version=version, question="Q?")
    SourceFactory(version=version, url="https://s.org")

    snap = diff.snapshot(version)

    assert snap["title"] == "T"
    assert snap["faqs"][0]["question"] == "Q?"
    assert snap["sources"][0]["url"] == "https://s.org"


def test_line_endings_from_a_browser_are_not_a_change():
    body = by_name(diff.compare(base(body="One.\n\nTwo."), base(body="One.\r\n\r\nTwo.")))["body"]

    assert not body.changed
    assert body.segments == [{"op": "equal", "text": "One.\n\nTwo."}]


def test_reordering_programs_is_a_change_with_nothing_added_or_removed():
    programs = by_name(diff.compare(base(programs=["A", "B"]), base(programs=["B", "A"])))[
        "programs"
    ]

    assert programs.changed
    assert programs.added == []
    assert programs.removed == []
