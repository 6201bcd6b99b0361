"""Field-by-field differences between two versions of a guide.

`snapshot` reads a version into plain data; everything else is a pure function of snapshots,
so the review screen, the reviewers' email and the conflict message share one diff.
"""

import difflib
import re
from dataclasses import dataclass, field

# What the change says about itself comes first: the reviewer reads the rest in its light.
PREFACE_FIELDS = [("change_note", "Change note"), ("is_minor", "Minor change")]
TEXT_FIELDS = [("title", "Title"), ("dek", "Summary"), ("body", "Body")]
VALUE_FIELDS = [
    ("author", "Author"),
    ("editor", "Editor"),
    ("programs", "Programs"),
    ("careers", "Careers"),
]
FAQ_FIELDS = [("question", "Question"), ("answer", "Answer")]
SOURCE_FIELDS = [
    ("title", "Title"),
    ("publisher", "Publisher"),
    ("url", "URL"),
    ("accessed_on", "Date accessed"),
]

# Markdown links [text](url), autolinks <url>, and bare http(s) addresses.
LINK_RE = re.compile(
    r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<(https?://[^>\s]+)>|"
    r"(?<![(<\"])\b(https?://[^\s)<>\]]+)"
)
# Words, runs of whitespace, and punctuation on its own, so "rose." -> "rose fast." adds one word.
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")
WORD_RE = re.compile(r"\w+")
# Markdown paragraphs (and headings, lists, tables) are separated by blank lines.
BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")
PARAGRAPH_BREAK = "\n\n"


@dataclass
class FieldDiff:
    name: str
    label: str
    changed: bool
    # Word-level segments for text: dicts with "op" (equal, insert, delete) and "text".
    segments: list = field(default_factory=list)
    old: object = None
    new: object = None
    links_added: list = field(default_factory=list)
    links_removed: list = field(default_factory=list)
    # For lists of names (programs, careers): entries added and removed.
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    # For the body: runs of paragraphs, see paragraph_blocks.
    blocks: list = field(default_factory=list)

    @property
    def kind(self):
        return "text" if self.segments else "value"


@dataclass
class ItemsDiff:
    name: str
    label: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    # One entry's name ("FAQ") and its fields as (name, label), to show every entry in full.
    singular: str = ""
    fields: list = field(default_factory=list)

    kind = "items"

    @property
    def has_changes(self):
        return bool(self.added or self.removed or self.changed)

    def _in_full(self, items):
        return [
            [{"label": lab, "value": str(item.get(f) or "")} for f, lab in self.fields]
            for item in items
        ]

    @property
    def added_in_full(self):
        return self._in_full(self.added)

    @property
    def removed_in_full(self):
        return self._in_full(self.removed)

    @property
    def unchanged_in_full(self):
        return self._in_full(self.unchanged)


def snapshot(version):
    """The content of `version` as plain data (the only function that reads the database)."""
    return {
        "title": version.title,
        "dek": version.dek,
        "body": version.body,
        "author": str(version.author) if version.author_id else "",
        "editor": str(version.editor) if version.editor_id else "",
        # In the editor's order: moving a program up the widget is a change too.
        "programs": [
            str(link.program) for link in version.program_links.select_related("program__school")
        ]
        if version.pk
        else [],
        "careers": [str(link.career) for link in version.career_links.select_related("career")]
        if version.pk
        else [],
        "change_note": version.change_note,
        "is_minor": "yes" if version.is_minor else "no",
        "faqs": [{"question": f.question, "answer": f.answer} for f in version.faqs.all()]
        if version.pk
        else [],
        "sources": [
            {
                "title": s.title,
                "publisher": s.publisher,
                "url": s.url,
                "accessed_on": s.accessed_on.isoformat() if s.accessed_on else "",
            }
            for s in version.sources.all()
        ]
        if version.pk
        else [],
    }


def normalize(text):
    """Text with Unix line endings: browsers post textareas with CRLF."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def word_diff(old, new):
    """Word-level segments turning `old` into `new`; whitespace is kept with its words."""
    a, b = TOKEN_RE.findall(normalize(old)), TOKEN_RE.findall(normalize(new))
    segments = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, "equal", "".join(a[i1:i2]))
        else:
            if i2 > i1:
                _append(segments, "delete", "".join(a[i1:i2]))
            if j2 > j1:
                _append(segments, "insert", "".join(b[j1:j2]))
    return segments


def _append(segments, op, text):
    if segments and segments[-1]["op"] == op:
        segments[-1]["text"] += text
    else:
        segments.append({"op": op, "text": text})


def links(text):
    """Link targets in Markdown text, in order of first appearance."""
    found = []
    for match in LINK_RE.finditer(text or ""):
        url = next(g for g in match.groups() if g)
        if url not in found:
            found.append(url)
    return found


def paragraphs(text):
    """The blank-line separated blocks of Markdown text, without the blank lines."""
    return [p for p in BLANK_LINES_RE.split(normalize(text).strip("\n")) if p.strip()]


def paragraph_blocks(old, new):
    """The body compared paragraph by paragraph, as runs a reviewer reads in order.

    An "equal" block holds a run of unchanged paragraphs (`count`, `text`), which the review
    screen folds away; a "changed" block holds the word segments of the paragraphs that differ,
    so a 2,000-word guide with one edited sentence shows that sentence, not the whole body.
    """
    a, b = paragraphs(old), paragraphs(new)
    blocks = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            text = PARAGRAPH_BREAK.join(a[i1:i2])
            blocks.append({"op": "equal", "count": i2 - i1, "text": text})
        else:
            segments = word_diff(PARAGRAPH_BREAK.join(a[i1:i2]), PARAGRAPH_BREAK.join(b[j1:j2]))
            blocks.append({"op": "changed", "segments": segments})
    return blocks


def _joined_segments(blocks):
    """The word segments of every block in one list: what the summary counts."""
    segments = []
    for position, block in enumerate(blocks):
        if position:
            _append(segments, "equal", PARAGRAPH_BREAK)
        if block["op"] == "equal":
            _append(segments, "equal", block["text"])
        else:
            for segment in block["segments"]:
                _append(segments, segment["op"], segment["text"])
    return segments


def text_diff(name, label, old, new, by_paragraph=False):
    """A FieldDiff for one text field, with word segments and changed link targets."""
    old_links, new_links = links(old), links(new)
    blocks = paragraph_blocks(old, new) if by_paragraph else []
    return FieldDiff(
        name=name,
        label=label,
        changed=normalize(old) != normalize(new),
        # The body's segments come from its blocks, so the summary counts what the screen shows.
        segments=_joined_segments(blocks) if by_paragraph else word_diff(old, new),
        old=old,
        new=new,
        links_added=[u for u in new_links if u not in old_links],
        links_removed=[u for u in old_links if u not in new_links],
        blocks=blocks,
    )


def items_diff(name, label, old_items, new_items, key, fields, singular=""):
    """Added, removed and changed entries of a list (FAQs by question, sources by URL)."""
    result = ItemsDiff(name=name, label=label, singular=singular or label, fields=fields)
    old_by_key = {item[key]: item for item in old_items}
    new_keys = {item[key] for item in new_items}
    for position, item in enumerate(new_items):
        before = old_by_key.get(item[key])
        if before is None and position < len(old_items):
            # A question reworded in place is a change, not a removal plus an addition.
            candidate = old_items[position]
            if candidate[key] not in new_keys:
                before = candidate
        if before is None:
            result.added.append(item)
            continue
        old_by_key.pop(before[key], None)
        diffs = [
            text_diff(f, lab, str(before.get(f) or ""), str(item.get(f) or "")) for f, lab in fields
        ]
        if any(d.changed for d in diffs):
            result.changed.append({"old": before, "new": item, "fields": diffs})
        else:
            result.unchanged.append(item)
    result.removed = [item for item in old_items if item[key] in old_by_key]
    return result


def compare(old, new):
    """Every field of two snapshots: a list of FieldDiff and ItemsDiff.

    The change note and minor flag first, then the fields in page order.
    """
    old = old or {}
    diffs = [_value_diff(n, lab, old.get(n, ""), new.get(n, "")) for n, lab in PREFACE_FIELDS]
    diffs += [
        text_diff(n, lab, old.get(n, ""), new.get(n, ""), by_paragraph=n == "body")
        for n, lab in TEXT_FIELDS
    ]
    diffs += [_value_diff(n, lab, old.get(n, ""), new.get(n, "")) for n, lab in VALUE_FIELDS]
    diffs.append(
        items_diff(
            "faqs",
            "FAQs",
            old.get("faqs", []),
            new.get("faqs", []),
            "question",
            FAQ_FIELDS,
            singular="FAQ",
        )
    )
    diffs.append(
        items_diff(
            "sources",
            "Sources",
            old.get("sources", []),
            new.get("sources", []),
            "url",
            SOURCE_FIELDS,
            singular="source",
        )
    )
    return diffs


def _value_diff(name, label, before, after):
    if isinstance(after, list):
        before = before or []
        return FieldDiff(
            name=name,
            label=label,
            changed=before != after,
            old=", ".join(before) or "—",
            new=", ".join(after) or "—",
            added=[x for x in after if x not in before],
            removed=[x for x in before if x not in after],
        )
    return FieldDiff(
        name=name, label=label, changed=before != after, old=before or "—", new=after or "—"
    )


def is_changed(diff):
    return diff.has_changes if isinstance(diff, ItemsDiff) else diff.changed


def summary(diffs):
    """Short lines saying what changed, for the reviewers' email and the queue."""
    lines = []
    for diff in diffs:
        if not is_changed(diff):
            continue
        if isinstance(diff, ItemsDiff):
            parts = [
                f"{len(diff.added)} added" if diff.added else "",
                f"{len(diff.removed)} removed" if diff.removed else "",
                f"{len(diff.changed)} changed" if diff.changed else "",
            ]
            lines.append(f"{diff.label}: " + ", ".join(p for p in parts if p))
        elif diff.segments:
            added = _word_count(diff.segments, "insert")
            removed = _word_count(diff.segments, "delete")
            line = f"{diff.label}: {_words(added)} added, {removed} removed"
            if diff.links_added or diff.links_removed:
                line += f"; links: {len(diff.links_added)} added, {len(diff.links_removed)} removed"
            lines.append(line)
        else:
            lines.append(f"{diff.label}: {diff.old} → {diff.new}")
    return lines or ["No changes against the live version."]


def _word_count(segments, op):
    return sum(len(WORD_RE.findall(s["text"])) for s in segments if s["op"] == op)


def _words(count):
    return f"{count} word" if count == 1 else f"{count} words"
