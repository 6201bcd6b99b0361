"""What a student typed, as the words to search for: limited, lowercased, without syntax.

Only runs of letters and digits survive, so nothing a student types (quotes, `*`, `NEAR`,
`-`, `OR`, NUL bytes) ever reaches FTS5 or PostgreSQL as query syntax: every word is searched
as a plain word, all of them required.
"""

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 100
MAX_TERMS = 6
MAX_WORD_LENGTH = 40
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# PostgreSQL's English stop words (english.stop, as its full-text search drops them), so both
# databases ignore the same words: "how to become a data scientist" needs two words, not six.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
    """.split()  # noqa: SIM905 (a word list reads better as words)
)


@dataclass(frozen=True)
class Query:
    text: str = ""
    words: tuple = field(default_factory=tuple)
    # The query was cut to MAX_QUERY_LENGTH characters (the page says so).
    too_long: bool = False
    # Every word was a stop word: there is nothing to search for.
    only_common_words: bool = False


def parse(raw):
    """The words of a query: at most MAX_TERMS distinct, lowercased, stop words left out."""
    # NUL is dropped (as core.middleware drops it), other control characters are spaces: none
    # of them may reach the page, and \x02/\x03 mark matches in highlighted text.
    text = _CONTROL.sub(" ", (raw or "").replace("\x00", "")).strip()
    too_long = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    seen = []
    for word in _WORD.findall(text.lower()):
        # One letter is never a word worth finding ("master's" is "master" and "s").
        if (len(word) > 1 or word.isdigit()) and word not in seen:
            seen.append(word[:MAX_WORD_LENGTH])
    words = tuple(word for word in seen if word not in STOP_WORDS)[:MAX_TERMS]
    return Query(
        text=text,
        words=words,
        too_long=too_long,
        only_common_words=bool(seen) and not words,
    )


def vocabulary(text):
    """The words of indexed text worth suggesting: letters only, 3 to 40 of them."""
    return {
        word
        for word in _WORD.findall(text.lower())
        if 3 <= len(word) <= MAX_WORD_LENGTH and word.isalpha() and word not in STOP_WORDS
    }
