"""Markdown to safe HTML: the toc extension gives headings ids, nh3 keeps only an allow-list."""

import hashlib
import re
from dataclasses import dataclass, field

import markdown as md
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

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
    """Render Markdown to sanitized HTML with a table of contents of its ## and ### headings."""
    converter = md.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    # A top-level heading inside the body would compete with the page title, so demote it.
    html = converter.convert(text or "").replace("<h1", "<h2").replace("</h1>", "</h2>")
    # Token names are already entity-escaped text; cleaning with no tags keeps them so.
    toc = [
        {
            "id": entry["id"],
            "name": mark_safe(nh3.clean(entry["name"], tags=set())),  # noqa: S308
            "level": max(entry["level"], 2),
        }
        for entry in _flatten(converter.toc_tokens)
    ]
    html = _HEADING_ID.sub(lambda m: f'{m[1]} id="{_unreserved(m[2])}"', sanitize(html))
    for entry in toc:
        entry["id"] = _unreserved(entry["id"])
    return Rendered(html=mark_safe(html), toc=toc)  # noqa: S308 (sanitized above)


# Ids the guide page itself uses: a heading written "## FAQ" or "## Main" gets "-section" added
# rather than a second element with the same id (and a skip link that lands on the wrong one).
# "programs" and "careers" are not here: a body heading with that id is where the widget goes.
RESERVED_IDS = {
    "main", "toc-title", "faq", "faq-title", "sources", "programs-title", "careers-title",
    "quiz-cta-title", "compare-cta-title",
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
         sorted(ALLOWED_CLASSES.items()), sorted(URL_SCHEMES), sorted(RESERVED_IDS))
    ).encode()
).hexdigest()[:12]  # fmt: skip


def render_cached(text):
    """Render once per distinct text and rules: the key is their hash, so never stale."""
    cache_key = f"md:{_RULES}:" + hashlib.sha256((text or "").encode()).hexdigest()
    hit = cache.get(cache_key)
    if hit is not None:
        return Rendered(html=mark_safe(hit[0]), toc=hit[1])  # noqa: S308 (stored sanitized)
    rendered = render(text)
    cache.set(cache_key, (str(rendered.html), rendered.toc), 60 * 60 * 24)
    return rendered


_H2 = re.compile(r'(?=<h2 id="([^"]+)">)')


def sections(html):
    """Split rendered HTML before each level-2 heading: a list of {"id", "html"}."""
    parts = []
    for chunk in _H2.split(str(html)):
        if chunk is None or not chunk.strip():
            continue
        if parts and parts[-1]["html"] is None:
            parts[-1]["html"] = mark_safe(chunk)  # noqa: S308 (a slice of sanitized HTML)
        elif chunk.startswith("<"):
            parts.append({"id": "", "html": mark_safe(chunk)})  # noqa: S308
        else:
            parts.append({"id": chunk, "html": None})
    return [part for part in parts if part["html"] is not None]


def slot(parts, words):
    """The index of the first section whose heading id contains one of `words`, or None."""
    for index, part in enumerate(parts):
        if any(word in part["id"] for word in words):
            return index
    return None
