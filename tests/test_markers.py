"""Placement markers in a guide's body: `[[programs]]` and `[[careers]]` on a line of their own
put the widget there; the marker itself never reaches the page as text (core/markdown.py)."""

import pytest

from core.markdown import render


def widgets(rendered):
    return [part["widget"] for part in rendered.parts]


def test_a_marker_line_cuts_the_body_where_the_widget_goes():
    rendered = render("## Programs to consider\n\nIntro.\n\n[[programs]]\n\n## Next\n\nMore.")

    assert widgets(rendered) == ["programs", ""]
    assert rendered.parts[0]["html"].endswith("<p>Intro.</p>\n")
    assert rendered.parts[1]["html"].startswith('<h2 id="next">Next</h2>')


def test_both_markers_place_both_widgets_in_the_order_written():
    rendered = render("A.\n\n[[careers]]\n\nB.\n\n[[programs]]\n\nC.")

    assert widgets(rendered) == ["careers", "programs", ""]


def test_a_marker_needs_no_blank_lines_around_it():
    rendered = render("Intro.\n[[programs]]\nMore text.")

    assert widgets(rendered) == ["programs", ""]
    assert str(rendered.parts[0]["html"]) == "<p>Intro.</p>\n"
    assert str(rendered.parts[1]["html"]) == "<p>More text.</p>"


def test_a_marker_line_right_under_a_list_places_the_widget_after_the_list():
    rendered = render("- one\n- two\n[[careers]]\nAfter.")

    assert widgets(rendered) == ["careers", ""]
    assert str(rendered.parts[0]["html"]).endswith("</ul>\n")


def test_lines_typed_in_a_browser_end_in_crlf_and_still_place_the_widget():
    rendered = render("Intro.\r\n\r\n[[careers]]\r\n\r\nMore.")

    assert widgets(rendered) == ["careers", ""]


def test_without_a_marker_the_body_is_one_piece():
    rendered = render("## Costs\n\nTuition.")

    assert widgets(rendered) == [""]
    assert rendered.parts[0]["html"] == rendered.html


def test_the_whole_html_is_the_pieces_joined_without_the_markers():
    rendered = render("One.\n\n[[programs]]\n\nTwo.\n\n[[careers]]\n\nThree.")

    assert str(rendered.html) == "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>"


def test_a_repeated_marker_places_the_widget_once_and_shows_no_text():
    rendered = render("One.\n\n[[programs]]\n\nTwo.\n\n[[programs]]\n\nThree.")

    assert widgets(rendered) == ["programs", ""]
    assert "[[" not in str(rendered.html)
    assert str(rendered.parts[1]["html"]) == "<p>Two.</p>\n<p>Three.</p>"


@pytest.mark.parametrize(
    "text",
    [
        "We list [[programs]] below.",
        "- an item\n\n    [[programs]]",
        "> [[careers]]",
        "Code: `[[careers]]`",
        "    [[programs]]",
        '<div class="callout" markdown="1">\n\n[[careers]]\n\n</div>',
        "[link]([[programs]])",
    ],
)
def test_a_marker_anywhere_but_on_its_own_line_is_left_out_not_shown(text):
    rendered = render(f"Before.\n\n{text}\n\nAfter.")

    assert widgets(rendered) == [""]
    assert "[[programs]]" not in str(rendered.html)
    assert "[[careers]]" not in str(rendered.html)


def test_an_unknown_marker_is_ordinary_text():
    rendered = render("[[quiz]]")

    assert widgets(rendered) == [""]
    assert str(rendered.html) == "<p>[[quiz]]</p>"


def test_marker_pieces_are_sanitized_like_the_rest_of_the_body():
    rendered = render("<script>alert(1)</script>\n\n[[programs]]\n\n<img src=x onerror=alert(1)>")

    html = str(rendered.html).lower()
    assert "<script" not in html
    assert "onerror" not in html
    assert "guide-widget" not in html


def test_a_body_heading_never_takes_the_id_of_the_widgets_own_sections():
    rendered = render("## Programs\n\nA.\n\n## Careers\n\nB.")

    assert [entry["id"] for entry in rendered.toc] == ["programs-section", "careers-section"]
    assert 'id="programs"' not in str(rendered.html)
