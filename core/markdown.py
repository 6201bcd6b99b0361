"""Markdown to safe HTML: the toc extension gives headings ids, nh3 keeps only an allow-list."""

import hashlib
import re
from dataclasses import dataclass, field

import markdown as md
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["toc", "tables", "sane_lists", "attr_list", "def_list", "md_in_html"]
EXTENSION_CONFIGS = {"toc": {"permalink": False, "toc_depth": "1-3"}}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol",
    "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}
# Only named, styled list variants; never arbitrary classes or inline style.
# A check-mark list is written <div class="checklist" markdown="1"> around a Markdown list.
ALLOWED_CLASSES = {"ul": {"checklist"}, "div": {"callout", "checklist"}}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass
class Rendered:
    html: SafeString
    toc: list = field(default_factory=list)
    # The body cut at its placement markers: [{"html", "widget"}], where "widget" names the
    # widget shown after that piece ("" after the last). One piece when there is no marker.
    parts: list = field(default_factory=list)


# Placement markers: a line `[[programs]]` or `[[careers]]` on its own puts that widget there.
MARKERS = ("programs", "careers")
_MARKER_NAMES = "|".join(MARKERS)
_MARKER_LINE = re.compile(rf"^ {{0,3}}\[\[({_MARKER_NAMES})\]\][ \t]*$", re.MULTILINE)
_MARKER_TEXT = re.compile(rf"\[\[({_MARKER_NAMES})\]\]")
# What a marker becomes between Markdown and the sanitizer, which would drop the tag anyway.
_MARKER_TAG = "guide-widget"
_MARKER_ELEMENT = re.compile(rf'<{_MARKER_TAG} name="({_MARKER_NAMES})"></{_MARKER_TAG}>\n?')


class _Markers(Treeprocessor):
    """Turn a paragraph that is only a marker, at the top level of the body, into an element."""

    def run(self, root):
        for child in root:
            marker = _MARKER_TEXT.fullmatch((child.text or "").strip())
            if child.tag == "p" and len(child) == 0 and marker:
                child.tag, child.text = _MARKER_TAG, None
                child.set("name", marker[1])


class _MarkerExtension(Extension):
    def extendMarkdown(self, md_instance):  # noqa: N802 (Python-Markdown's name)
        # Above "inline" (20): the paragraph's text is still the raw line.
        md_instance.treeprocessors.register(_Markers(md_instance), "guide_markers", 25)


def _isolate_markers(text):
    # A marker line is a paragraph of its own even without blank lines around it (one that
    # Markdown nests in a list item or a quote is left out instead, see _clean).
    return _MARKER_LINE.sub(lambda m: f"\n\n{m[0]}\n\n", text)


def split_at_markers(html):
    """Cut rendered (unsanitized) HTML at its marker elements: [(html, widget)], each piece
    followed by the widget named ("" after the last piece).

    The first marker of each widget places it; a repeated one is dropped.
    """
    parts, placed, piece, start = [], set(), "", 0
    for match in _MARKER_ELEMENT.finditer(html):
        piece += html[start : match.start()]
        start = match.end()
        if match[1] not in placed:
            placed.add(match[1])
            parts.append((piece, match[1]))
            piece = ""
    parts.append((piece + html[start:], ""))
    return parts


def sanitize(html):
    """Keep only allow-listed tags, attributes, classes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def render(text):
    """Render Markdown to sanitized HTML with a table of contents of its ## and ### headings,
    cut at its placement markers (`parts`)."""
    converter = md.Markdown(
        extensions=[*EXTENSIONS, _MarkerExtension()], extension_configs=EXTENSION_CONFIGS
    )
    # A top-level heading inside the body would compete with the page title, so demote it.
    # Browsers send a textarea's lines ending in CRLF; marker lines are found line by line.
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    html = converter.convert(_isolate_markers(text))
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    # Token names are already entity-escaped text; cleaning with no tags keeps them so.
    toc = [
        {
            "id": entry["id"],
            "name": mark_safe(nh3.clean(entry["name"], tags=set())),  # noqa: S308
            "level": max(entry["level"], 2),
        }
        for entry in _flatten(converter.toc_tokens)
    ]
    parts = [
        {"html": mark_safe(_clean(piece)), "widget": widget}  # noqa: S308 (sanitized)
        for piece, widget in split_at_markers(html)
    ]
    for entry in toc:
        entry["id"] = _unreserved(entry["id"])
    whole = "".join(part["html"] for part in parts)
    return Rendered(html=mark_safe(whole), toc=toc, parts=parts)  # noqa: S308 (sanitized)


def _clean(html):
    # Each piece between markers is whole top-level blocks, so it is sanitized on its own. A
    # marker written anywhere but on a line of its own is left out: never shown as text.
    html = _HEADING_ID.sub(lambda m: f'{m[1]} id="{_unreserved(m[2])}"', sanitize(html))
    return _MARKER_TEXT.sub("", html)


# Ids the guide page itself uses: a heading written "## FAQ" or "## Main" gets "-section" added
# rather than a second element with the same id (and a skip link that lands on the wrong one).
# "programs" and "careers" are the widgets' own sections when no marker places them.
RESERVED_IDS = {
    "main", "toc-title", "faq", "faq-title", "sources", "programs", "programs-title", "careers",
    "careers-title", "quiz-cta-title", "compare-cta-title",
}  # fmt: skip
_HEADING_ID = re.compile(r'(<h[2-6]) id="([^"]*)"')


def _unreserved(heading_id):
    return f"{heading_id}-section" if heading_id in RESERVED_IDS else heading_id


def without_heading_ids(html):
    """For text shown many times on one page (FAQ answers): headings without ids to repeat."""
    return mark_safe(_HEADING_ID.sub(r"\1", str(html)))  # noqa: S308 (removes attributes only)


# Part of every cache key: rendering rules that change (a tighter allow-list after a security
# fix) must not be served from HTML cleaned under the old ones.
_RULES = hashlib.sha256(
    repr(
        (EXTENSIONS, EXTENSION_CONFIGS, sorted(ALLOWED_TAGS), sorted(ALLOWED_ATTRIBUTES.items()),
         sorted(ALLOWED_CLASSES.items()), sorted(URL_SCHEMES), sorted(RESERVED_IDS), MARKERS,
         "parts")
    ).encode()
).hexdigest()[:12]  # fmt: skip


def render_cached(text):
    """Render once per distinct text and rules: the key is their hash, so never stale."""
    cache_key = f"md:{_RULES}:" + hashlib.sha256((text or "").encode()).hexdigest()
    hit = cache.get(cache_key)
    if hit is not None:
        html, toc, parts = hit
        parts = [{"html": mark_safe(h), "widget": w} for h, w in parts]  # noqa: S308 (stored)
        return Rendered(html=mark_safe(html), toc=toc, parts=parts)  # noqa: S308 (stored)
    rendered = render(text)
    parts = [(str(part["html"]), part["widget"]) for part in rendered.parts]
    cache.set(cache_key, (str(rendered.html), rendered.toc, parts), 60 * 60 * 24)
    return rendered
