"""Warnings about common mistakes in a guide's text, shown to the writer before review.

Pure functions of the title and the Markdown body (no database): the version form shows them for
the saved text, the live preview for the text being typed, and the "Submit for review"
confirmation before a version goes to a reviewer. They are warnings, never refusals.

The body is read as the public page renders it (core.markdown), so heading levels and ids are
the ones readers and the table of contents get.
"""

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from core.markdown import MARKERS, render

# A common reading speed for web prose; the figure is an estimate, shown as such.
WORDS_PER_MINUTE = 200

_MARKER = "|".join(MARKERS)
_MARKER_LINE = re.compile(rf"^ {{0,3}}\[\[({_MARKER})\]\][ \t]*$", re.MULTILINE)
_MARKER_ANYWHERE = re.compile(rf"\[\[({_MARKER})\]\]")
_LOOKS_LIKE_MARKER = re.compile(r"^ {0,3}\[\[([\w -]{1,40})\]\][ \t]*$", re.MULTILINE)
# Python-Markdown gives the second heading with the same text the id "text_1".
_REPEATED_ID = re.compile(r"^(.+)_\d+$")


@dataclass
class Heading:
    level: int
    id: str
    text: str = ""
    # Whether anything (text, an image, a table, a widget) follows before the next heading.
    has_content: bool = False


@dataclass
class Reading:
    """What the rendered body holds, in reading order."""

    headings: list = field(default_factory=list)
    links: list = field(default_factory=list)
    first_block: str = ""
    # The text a reader sees, blocks apart: words are counted in it.
    text: list = field(default_factory=list)
    # The widgets that a marker places.
    placed: set = field(default_factory=set)


class _Reader(HTMLParser):
    HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
    # Elements that are content even without text.
    SOLID = {"img", "hr", "table"}
    # Elements inside a line of text: a word may run on across them ("**ML**'s").
    INLINE = {"a", "abbr", "b", "code", "del", "em", "i", "q", "s", "small", "strong", "sub"}
    INLINE |= {"sup", "u"}

    def __init__(self, reading):
        super().__init__(convert_charrefs=True)
        self.reading = reading
        self.heading = None
        self.depth = 0
        self.block = None

    def content(self):
        if self.reading.headings:
            self.reading.headings[-1].has_content = True

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HEADINGS:
            self.heading = Heading(level=int(tag[1]), id=attrs.get("id") or "")
            self.reading.headings.append(self.heading)
        elif tag in self.SOLID:
            self.content()
        if tag == "a" and attrs.get("href"):
            self.reading.links.append(("link to", attrs["href"]))
        if tag == "img" and attrs.get("src"):
            self.reading.links.append(("image at", attrs["src"]))
        if self.depth == 0 and self.block is None and not self.reading.first_block:
            self.block = ""
        if tag not in self.INLINE:
            self.reading.text.append(" ")
        if tag not in {"img", "hr", "br"}:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HEADINGS:
            self.heading = None
        if tag not in self.INLINE:
            self.reading.text.append(" ")
        self.depth = max(self.depth - 1, 0)
        if self.depth == 0 and self.block is not None:
            self.reading.first_block, self.block = self.block.strip() or " ", None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.text += data
        elif data.strip():
            self.content()
        if self.block is not None:
            self.block += data
        self.reading.text.append(data)


@lru_cache(maxsize=32)
def _read(body):
    rendered = render(body)
    reading = Reading()
    reader = _Reader(reading)
    for part in rendered.parts:
        reader.feed(str(part["html"]))
        if part["widget"]:
            # The widget the marker places fills the section it is in.
            reader.content()
            reading.placed.add(part["widget"])
    reader.close()
    for heading in reading.headings:
        heading.text = " ".join(heading.text.split())
    return reading


def word_count(body):
    """The number of words a reader sees in the body (punctuation alone is no word)."""
    text = "".join(_read(body or "").text)
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def reading_minutes(words):
    """Minutes to read `words` words, rounded up (0 for an empty body)."""
    return math.ceil(words / WORDS_PER_MINUTE)


def warnings(title, body):
    """Sentences about likely mistakes in the title and body, one per mistake, by kind."""
    # Browsers send a textarea's lines ending in CRLF; markers are found line by line.
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    reading = _read(body)
    found = [
        *_repeats_title(title or "", reading),
        *_skipped_levels(reading.headings),
        *_empty_sections(reading.headings),
        *_duplicate_ids(reading.headings),
        *_plain_http(reading.links),
        *_marker_mistakes(body, reading.placed),
    ]
    return list(dict.fromkeys(found))


def _normal(text):
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _repeats_title(title, reading):
    if not _normal(title):
        return []
    first = reading.first_block.strip()
    if first and _normal(first) == _normal(title):
        return [
            f"The body starts by repeating the title (“{first}”). The page already shows the "
            "title above the body, so start with the text."
        ]
    return []


def _hashes(level):
    return "#" * level


def _skipped_levels(headings):
    found, previous = [], 1  # the page title is the level-1 heading
    for heading in headings:
        if heading.level > previous + 1:
            after = "right after the title" if previous == 1 else f"after {_hashes(previous)}"
            found.append(
                f"The heading “{heading.text}” skips a level ({_hashes(heading.level)} "
                f"{after}): use {_hashes(previous + 1)} so that the table of contents and "
                "screen readers keep the outline."
            )
        previous = heading.level
    return found


def _empty_sections(headings):
    found = []
    for index, heading in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        # A heading followed by its own subsections is not empty.
        if following is not None and following.level > heading.level:
            continue
        if not heading.has_content:
            found.append(
                f"The section “{heading.text}” is empty: write something under its heading "
                "or remove the heading."
            )
    return found


def _duplicate_ids(headings):
    first_with = {}
    for heading in headings:
        base = heading.id
        repeated = _REPEATED_ID.match(heading.id)
        if repeated and repeated[1] in first_with:
            base = repeated[1]
        first_with.setdefault(base, []).append(heading)
    return [
        f"{len(same)} headings get the same address (#{base}): "
        + ", ".join(f"“{h.text}”" for h in same)
        + ". Links to #"
        + base
        + " reach only the first; rename the others."
        for base, same in first_with.items()
        if len(same) > 1
    ]


def _plain_http(links):
    return [
        f"The {what} {url} is not https: use its https:// address, or a source that has one."
        for what, url in dict.fromkeys(links)
        if url.lower().startswith("http://")
    ]


def _marker_mistakes(body, placed):
    found = []
    for name in MARKERS:
        marker = f"[[{name}]]"
        lines = sum(1 for m in _MARKER_LINE.finditer(body) if m[1] == name)
        anywhere = sum(1 for m in _MARKER_ANYWHERE.finditer(body) if m[1] == name)
        if lines > 1:
            found.append(
                f"The {marker} marker is in the body {lines} times; the widget is shown at "
                "the first one only."
            )
        if anywhere > lines or (lines and name not in placed):
            found.append(
                f"The {marker} marker works only on a line of its own, outside lists and "
                "quotes; where it is now it is left out of the page."
            )
    for match in _LOOKS_LIKE_MARKER.finditer(body):
        if match[1] not in MARKERS:
            known = " or ".join(f"[[{name}]]" for name in MARKERS)
            found.append(
                f"[[{match[1]}]] is not a marker this site knows, so it shows as text; use {known}."
            )
    return found
