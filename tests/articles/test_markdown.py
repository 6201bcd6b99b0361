"""Markdown rendering and the sanitizer's allow-list, against a list of XSS payloads."""

import pytest

from core.markdown import render, render_cached

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "![x](javascript:alert(1))",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="position:fixed;top:0">x</div>',
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<div onmouseover="alert(1)">x</div>',
    '<base href="javascript:alert(1)//">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '## Heading {: onclick="alert(1)" }',
    'Paragraph\n{: style="color:red" onmouseover="alert(1)" }',
    '<h2 id="x" onclick="alert(1)">x</h2>',
    '<ul class="evil checklist"><li>x</li></ul>',
]

FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onfocus",
    "ontoggle",
    "javascript:",
    "vbscript:",
    "data:text",
    "style=",
    "<style",
    "<iframe",
    "<object",
    "<embed",
    "<svg",
    "<form",
    "<input",
    "<link",
    "<meta",
    "<base",
    'class="evil',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_never_reaches_the_html(payload):
    html = str(render(f"Intro.\n\n{payload}\n\nOutro.").html).lower()
    for needle in FORBIDDEN:
        assert needle not in html, (payload, needle, html)


def test_headings_get_ids_and_make_the_table_of_contents():
    rendered = render("## What to expect\n\nText.\n\n### Courses & costs\n\nMore.")
    assert '<h2 id="what-to-expect">What to expect</h2>' in rendered.html
    assert [entry["id"] for entry in rendered.toc] == ["what-to-expect", "courses-costs"]
    assert [entry["level"] for entry in rendered.toc] == [2, 3]
    assert rendered.toc[1]["name"] == "Courses &amp; costs"


def test_a_top_level_heading_in_the_body_becomes_a_second_level_one():
    html = render("# Big\n\nText.").html
    assert "<h1" not in html
    assert '<h2 id="big">Big</h2>' in html


def test_lists_links_tables_and_emphasis_survive():
    html = render(
        "- **Bold** item\n- [Link](https://example.org/)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    ).html
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">Link</a>' in html
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_the_checklist_class_is_kept_on_lists():
    html = render('<ul class="checklist"><li>Earnings</li></ul>').html
    assert '<ul class="checklist">' in html


def test_a_checklist_div_wraps_a_markdown_list():
    html = render('<div class="checklist" markdown="1">\n\n- **Earnings:** high\n\n</div>').html
    assert '<div class="checklist">' in html
    assert "<li><strong>Earnings:</strong> high</li>" in html


def test_cached_rendering_matches_a_fresh_one():
    text = "## Title\n\nBody with *emphasis*."
    first = render_cached(text)
    second = render_cached(text)
    assert str(first.html) == str(second.html) == str(render(text).html)
    assert first.toc == second.toc


def test_empty_markdown_renders_nothing():
    rendered = render("")
    assert str(rendered.html) == ""
    assert rendered.toc == []


def test_headings_never_take_an_id_the_guide_page_uses():
    rendered = render("## Main\n\nA.\n\n## FAQ\n\nB.\n\n## Sources {#sources}\n\nC.")

    assert [entry["id"] for entry in rendered.toc] == [
        "main-section",
        "faq-section",
        "sources-section",
    ]
    assert '<h2 id="main-section">Main</h2>' in rendered.html
    assert 'id="main"' not in rendered.html
