"""Markdown to safe HTML: the toc extension gives headings ids, nh3 keeps only an allow-list."""

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import django
import markdown as md
import nh3
from django.core.cache import cache
from django.template import engines
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
# Links and images go to these schemes or stay on the site (relative addresses); a
# protocol-relative address (//host/...) is another site, so it is dropped too.
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src"}


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
        attribute_filter=_same_site_or_allowed_scheme,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Browsers drop tabs and line breaks anywhere in an address, leading spaces and control
# characters, and read a backslash as a slash: " //host", "/<tab>/host" and "/\host" all
# mean "//host", another site.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_LEADING = "".join(chr(code) for code in range(0x21))


def is_protocol_relative(url):
    """True for an address a browser reads as //host/..., on another site whatever its scheme."""
    url = _URL_IGNORED.sub("", url).lstrip(_URL_LEADING).replace("\\", "/")
    return url.startswith("//")


def _same_site_or_allowed_scheme(tag, attribute, value):
    # nh3 has already dropped every scheme but URL_SCHEMES; relative addresses remain.
    if attribute in URL_ATTRIBUTES and is_protocol_relative(value):
        return None
    return value


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
    pieces = [(_clean(piece), widget) for piece, widget in split_at_markers(html)]
    pieces, renamed = _with_free_heading_ids(pieces)
    for entry in toc:
        entry["id"] = renamed(entry["id"])
    parts = [
        {"html": mark_safe(piece), "widget": widget}  # noqa: S308 (sanitized)
        for piece, widget in pieces
    ]
    whole = "".join(part["html"] for part in parts)
    return Rendered(html=mark_safe(whole), toc=toc, parts=parts)  # noqa: S308 (sanitized)


def _clean(html):
    # Each piece between markers is whole top-level blocks, so it is sanitized on its own. A
    # marker written anywhere but on a line of its own is left out: never shown as text.
    return _MARKER_TEXT.sub("", sanitize(html))


# A heading's id must not be one the page itself gives an element: "## Site search q" would
# otherwise be a second "site-search-q" (the header's search box), and "## Main" a second
# "main" (where the skip link lands). Such a heading gets "-section" added.
_HEADING_ID = re.compile(r'(<h[2-6]) id="([^"]*)"')
_TEMPLATE_ID = re.compile(r"""\sid=(["'])(.*?)\1""", re.DOTALL)
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# The ids Django gives form fields (auto_id), written by Python rather than in a template.
FORM_FIELD_IDS = r"id_.+"
_DJANGO_TEMPLATES = Path(django.__file__).parent


@functools.cache
def page_ids():
    """The ids the site's own templates give elements, as (exact ids, a pattern): a templated
    part of an id ("version-{{ v.number }}") matches anything there.

    Django's own templates (the admin) are left out: the admin's live preview prefixes the
    body's ids itself (articles/static/articles/admin/editor.js).
    """
    exact, patterns = set(), {FORM_FIELD_IDS}
    for engine in engines.all():
        for directory in map(Path, engine.template_dirs):
            if directory.is_relative_to(_DJANGO_TEMPLATES):
                continue
            for path in sorted(directory.rglob("*.html")):
                for _quote, value in _TEMPLATE_ID.findall(path.read_text(encoding="utf-8")):
                    pieces = _TEMPLATE_CODE.split(value)
                    if len(pieces) == 1:
                        exact.add(value)
                    elif any(pieces):
                        patterns.add(".+".join(re.escape(piece) for piece in pieces))
    return frozenset(exact), re.compile("|".join(sorted(patterns)))


def is_page_id(heading_id):
    exact, pattern = page_ids()
    return heading_id in exact or pattern.fullmatch(heading_id) is not None


def _with_free_heading_ids(pieces):
    """The pieces with every heading id the page uses changed to "<id>-section", and one an
    earlier heading already has to "<id>_1" (as the toc extension numbers repeated headings,
    which articles/lint.py reports); and a function giving a table-of-contents id its new value.
    """
    found = [match[2] for piece, _ in pieces for match in _HEADING_ID.finditer(piece)]
    kept = {heading_id for heading_id in found if not is_page_id(heading_id)}
    given, pairs = set(), []

    def taken(heading_id):
        return heading_id in given or heading_id in kept or is_page_id(heading_id)

    for heading_id in found:
        new = heading_id
        if heading_id in given or heading_id not in kept:
            base = heading_id if heading_id in kept else f"{heading_id}-section"
            new, number = base, 1
            while taken(new):
                new, number = f"{base}_{number}", number + 1
        given.add(new)
        pairs.append((heading_id, new))
    replacements = iter(new for _, new in pairs)
    pieces = [
        (_HEADING_ID.sub(lambda m: f'{m[1]} id="{next(replacements)}"', piece), widget)
        for piece, widget in pieces
    ]
    # Table-of-contents entries come in document order, like the headings (without h4-h6).
    position = 0

    def renamed(heading_id):
        nonlocal position
        for index in range(position, len(pairs)):
            if pairs[index][0] == heading_id:
                position = index + 1
                return pairs[index][1]
        return heading_id

    return pieces, renamed


def without_heading_ids(html):
    """For text shown many times on one page (FAQ answers): headings without ids to repeat."""
    return mark_safe(_HEADING_ID.sub(r"\1", str(html)))  # noqa: S308 (removes attributes only)


# Part of every cache key: rendering rules that change (a tighter allow-list after a security
# fix, an id a template now uses) must not be served from HTML made under the old ones.
@functools.cache
def _rules():
    exact, pattern = page_ids()
    # Sets sorted all the way down: the hash is the same in every process (a set's order
    # changes with the interpreter's hash seed), so renderings stored by one are used by all.
    rules = (
        EXTENSIONS, EXTENSION_CONFIGS, sorted(ALLOWED_TAGS),
        sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
        sorted((tag, sorted(names)) for tag, names in ALLOWED_CLASSES.items()),
        sorted(URL_SCHEMES), "same-site relative URLs", sorted(exact), pattern.pattern, MARKERS,
        "parts",
    )  # fmt: skip
    return hashlib.sha256(repr(rules).encode()).hexdigest()[:12]


def rules_digest():
    """A hash of the rendering rules, for HTML stored elsewhere than by stored(): a copy made
    under other rules is out of date."""
    return _rules()


def render_cached(text):
    """Render once per distinct text and rules: the key is their hash, so never stale."""
    cache_key = f"md:{_rules()}:" + hashlib.sha256((text or "").encode()).hexdigest()
    hit = cache.get(cache_key)
    if hit is not None:
        html, toc, parts = hit
        parts = [{"html": mark_safe(h), "widget": w} for h, w in parts]  # noqa: S308 (stored)
        return Rendered(html=mark_safe(html), toc=toc, parts=parts)  # noqa: S308 (stored)
    rendered = render(text)
    parts = [(str(part["html"]), part["widget"]) for part in rendered.parts]
    cache.set(cache_key, (str(rendered.html), rendered.toc, parts), 60 * 60 * 24)
    return rendered


def _digest(text):
    return hashlib.sha256((text or "").encode()).hexdigest()


def stored(text):
    """`text` rendered for a model field (JSON) that keeps it with the text it was made from:
    rendered once, when the text is saved, instead of on every page view. With the hashes of
    the text and of the rendering rules, so from_stored() notices a copy that is out of date."""
    rendered = render(text)
    return {
        "rules": _rules(),
        "text": _digest(text),
        "toc": [{**entry, "name": str(entry["name"])} for entry in rendered.toc],
        "parts": [[str(part["html"]), part["widget"]] for part in rendered.parts],
    }


def render_on_save(row, source, target, save_kwargs):
    """In a model's save(): store `row`'s Markdown field `source` rendered (stored()) in its
    JSON field `target`, when the save writes `source`; `save_kwargs` are save()'s keywords."""
    fields = save_kwargs.get("update_fields")
    if fields is not None and source not in fields:
        return
    setattr(row, target, stored(getattr(row, source)))
    if fields is not None:
        save_kwargs["update_fields"] = [*fields, target]


def from_stored(data, text):
    """The rendering stored() kept for `text`; rendered now (render_cached) when there is none,
    or it was made from other text (a bulk update) or under other rules (a tighter allow-list,
    an id a template now uses)."""
    if not (isinstance(data, dict) and data.get("rules") == _rules()):
        return render_cached(text)
    if data.get("text") != _digest(text):
        return render_cached(text)
    toc = [{**entry, "name": mark_safe(entry["name"])} for entry in data["toc"]]  # noqa: S308
    parts = [{"html": mark_safe(html), "widget": widget} for html, widget in data["parts"]]  # noqa: S308
    whole = mark_safe("".join(part["html"] for part in parts))  # noqa: S308 (sanitized on save)
    return Rendered(html=whole, toc=toc, parts=parts)
