"""The reviewer's diff: the body folded paragraph by paragraph, FAQs and sources in full, the
change note and minor flag first; on the review screen and in the edit-conflict box."""

import datetime
import re

from articles import diff, workflow
from tests.articles.admin_support import change_url, form_data, review_url, signed_in
from tests.articles.test_diff import base, by_name


def paragraphs(count, changed=None, text="Changed"):
    """A body of `count` numbered paragraphs; paragraph number `changed` reads `text` instead."""
    return "\n\n".join(
        f"{text} paragraph {n}." if n == changed else f"Paragraph {n} about salaries."
        for n in range(1, count + 1)
    )


def body_blocks(old, new):
    return by_name(diff.compare(base(body=old), base(body=new)))["body"].blocks


# Folding the body: pure functions -----------------------------------------------------------


def test_one_changed_paragraph_folds_the_others_into_two_runs():
    blocks = body_blocks(paragraphs(15), paragraphs(15, changed=13))

    assert [(b["op"], b.get("count")) for b in blocks] == [
        ("equal", 12),
        ("changed", None),
        ("equal", 2),
    ]
    assert blocks[0]["text"].startswith("Paragraph 1 about salaries.\n\nParagraph 2")
    assert blocks[0]["text"].endswith("Paragraph 12 about salaries.")
    assert blocks[2]["text"] == "Paragraph 14 about salaries.\n\nParagraph 15 about salaries."


def test_the_changed_paragraph_carries_its_word_diff():
    blocks = body_blocks(paragraphs(3), paragraphs(3, changed=2))

    assert blocks[1]["segments"] == [
        {"op": "delete", "text": "Paragraph"},
        {"op": "insert", "text": "Changed paragraph"},
        {"op": "equal", "text": " 2"},
        {"op": "delete", "text": " about salaries"},
        {"op": "equal", "text": "."},
    ]


def test_an_inserted_paragraph_is_one_insertion_between_unchanged_runs():
    old = "One.\n\nTwo.\n\nThree."
    new = "One.\n\nTwo.\n\nA new paragraph.\n\nThree."

    blocks = body_blocks(old, new)

    assert blocks == [
        {"op": "equal", "count": 2, "text": "One.\n\nTwo."},
        {"op": "changed", "segments": [{"op": "insert", "text": "A new paragraph."}]},
        {"op": "equal", "count": 1, "text": "Three."},
    ]


def test_an_unchanged_body_is_one_folded_run_and_blank_lines_do_not_count():
    blocks = body_blocks("One.\n\nTwo.", "One.\r\n\r\n\r\nTwo.\n")

    assert blocks == [{"op": "equal", "count": 2, "text": "One.\n\nTwo."}]


def test_summary_counts_only_the_words_of_changed_paragraphs():
    diffs = diff.compare(base(body=paragraphs(20)), base(body=paragraphs(20, changed=7)))

    assert "Body: 2 words added, 3 removed" in diff.summary(diffs)


# FAQs and sources in full, change note first: pure functions -------------------------------


def test_an_added_faq_is_shown_with_its_question_and_answer():
    new = base(faqs=[*base()["faqs"], {"question": "Is the GRE required?", "answer": "Rarely."}])

    faqs = by_name(diff.compare(base(), new))["faqs"]

    assert faqs.added_in_full == [
        [
            {"label": "Question", "value": "Is the GRE required?"},
            {"label": "Answer", "value": "Rarely."},
        ]
    ]
    assert faqs.unchanged_in_full == [
        [{"label": "Question", "value": "Is it online?"}, {"label": "Answer", "value": "Yes."}]
    ]


def test_a_removed_source_is_shown_with_title_publisher_url_and_date():
    old = base(
        sources=[
            {
                "title": "Occupational Outlook",
                "publisher": "BLS",
                "url": "https://bls.gov/ooh",
                "accessed_on": "2024-03-01",
            }
        ]
    )

    sources = by_name(diff.compare(old, base(sources=[])))["sources"]

    assert sources.removed_in_full == [
        [
            {"label": "Title", "value": "Occupational Outlook"},
            {"label": "Publisher", "value": "BLS"},
            {"label": "URL", "value": "https://bls.gov/ooh"},
            {"label": "Date accessed", "value": "2024-03-01"},
        ]
    ]


def test_the_change_note_and_minor_flag_come_first():
    names = [d.name for d in diff.compare(base(), base(change_note="Fixed a typo"))]

    assert names[:5] == ["change_note", "is_minor", "title", "dek", "body"]


# On the review screen -----------------------------------------------------------------------


def _long_guide_in_review(draft_with_new_link, writer):
    draft_with_new_link.body = paragraphs(15, changed=13)
    return workflow.submit(workflow.save_draft(draft_with_new_link, writer), writer)


def _make_live_body(guide, body):
    live = guide.live_version
    live.body = body
    live.save(update_fields=["body"])


def test_review_screen_folds_unchanged_paragraphs_into_a_line_that_opens_them(
    client, guide_with_link, draft_with_new_link, writer, reviewer
):
    _make_live_body(guide_with_link, paragraphs(15))
    version = _long_guide_in_review(draft_with_new_link, writer)

    page = signed_in(client, reviewer).get(review_url(version)).content.decode()

    body = page[page.index('id="diff-body"') :]
    body = body[: body.index("</section>")]
    assert body.count("<details") == 2
    assert "<summary>12 unchanged paragraphs</summary>" in body
    assert "<summary>2 unchanged paragraphs</summary>" in body
    # The folded paragraphs are in the page, one click (or no script at all) away.
    assert "Paragraph 1 about salaries." in body
    assert "Paragraph 15 about salaries." in body
    assert '<ins><span class="visually-hidden">[added: </span>Changed paragraph' in body


def test_one_unchanged_paragraph_reads_in_the_singular(
    client, guide_with_link, draft_with_new_link, writer, reviewer
):
    _make_live_body(guide_with_link, "Kept.\n\nOld ending.")
    draft_with_new_link.body = "Kept.\n\nNew ending."
    version = workflow.submit(workflow.save_draft(draft_with_new_link, writer), writer)

    page = signed_in(client, reviewer).get(review_url(version)).content.decode()

    assert "<summary>1 unchanged paragraph</summary>" in page


def test_review_screen_shows_faqs_and_sources_in_full(
    client, draft_with_new_link, writer, reviewer
):
    draft_with_new_link.faqs.create(question="Is the GRE required?", answer="Rarely now.", order=5)
    draft_with_new_link.sources.create(
        title="Occupational Outlook Handbook",
        publisher="Bureau of Labor Statistics",
        url="https://www.bls.gov/ooh/",
        accessed_on=datetime.date(2024, 3, 1),
        order=5,
    )
    workflow.submit(draft_with_new_link, writer)

    page = signed_in(client, reviewer).get(review_url(draft_with_new_link)).content.decode()

    text = re.sub(r"\s+", " ", page)
    added = '<ins><span class="visually-hidden">[added: </span>{}<span class="visually-hidden">]'
    assert "<strong>Added FAQ</strong>" in text
    assert "<dt>Question</dt><dd>" + added.format("Is the GRE required?") in text
    assert "<dt>Answer</dt><dd>" + added.format("Rarely now.") in text
    assert "<strong>Added source</strong>" in text
    for label, value in [
        ("Title", "Occupational Outlook Handbook"),
        ("Publisher", "Bureau of Labor Statistics"),
        ("URL", "https://www.bls.gov/ooh/"),
        ("Date accessed", "2024-03-01"),
    ]:
        assert f"<dt>{label}</dt><dd>" + added.format(value) in text
    # The FAQ and source that did not change are there too, folded.
    assert "<summary>1 unchanged FAQ</summary>" in text
    assert "<summary>1 unchanged source</summary>" in text


def test_a_source_without_publisher_or_date_shows_a_dash_not_an_insertion(
    client, draft_with_new_link, writer, reviewer
):
    draft_with_new_link.sources.create(title="NCES", url="https://nces.ed.gov/", order=5)
    workflow.submit(draft_with_new_link, writer)

    page = signed_in(client, reviewer).get(review_url(draft_with_new_link)).content.decode()

    assert "<dt>Publisher</dt><dd>—</dd>" in page
    assert "<dt>Date accessed</dt><dd>—</dd>" in page


def test_review_screen_shows_a_changed_faq_with_its_unchanged_fields(
    client, draft_with_new_link, writer, reviewer
):
    draft_with_new_link.faqs.update(answer="Yes, fully online.")
    workflow.submit(draft_with_new_link, writer)

    page = signed_in(client, reviewer).get(review_url(draft_with_new_link)).content.decode()

    text = re.sub(r"\s+", " ", page)
    assert "<strong>Changed FAQ</strong>" in text
    assert "<dt>Question</dt><dd>Is it online?</dd>" in text
    assert '<dt>Answer <span class="diff-changed">(changed)</span></dt>' in text


def test_review_screen_shows_the_change_note_and_minor_flag_before_the_diff(
    client, draft_with_new_link, writer, reviewer
):
    draft_with_new_link.is_minor = True
    workflow.submit(workflow.save_draft(draft_with_new_link, writer), writer)

    page = signed_in(client, reviewer).get(review_url(draft_with_new_link)).content.decode()

    note = page.index('id="this-change"')
    assert page.index("New salary link") > note
    assert page.index("Marked as a minor change") > note
    assert note < page.index('id="diff-title"')
    assert note < page.index('id="diff-body"')
    assert page.index('id="diff-is_minor"') < page.index('id="diff-title"')


def test_the_edit_conflict_box_folds_unchanged_paragraphs_too(
    client, draft_with_new_link, writer, editor
):
    draft_with_new_link.body = paragraphs(6)
    workflow.save_draft(draft_with_new_link, writer)
    loaded = form_data(draft_with_new_link)
    signed_in(client, editor).post(
        change_url(draft_with_new_link), {**loaded, "body": paragraphs(6, changed=6, text="Ed")}
    )

    response = signed_in(client, writer).post(
        change_url(draft_with_new_link), {**loaded, "body": paragraphs(6, changed=6, text="Wr")}
    )

    page = response.content.decode()
    assert 'id="edit-conflict"' in page
    assert "<summary>5 unchanged paragraphs</summary>" in page
