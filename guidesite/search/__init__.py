"""Site search over what students read: live guides, published programs, public schools,
careers and the people on live guides.

- `documents.py`: the searchable text of each kind, read from the public querysets;
- `index.py`: the refresh path (`refresh`, `refresh_kind`, `remove`, `rebuild`) that keeps
  `SearchEntry` (guidesite/models.py) in step, called by `signals.py` and by bulk paths;
- `backends.py`: SQLite FTS5 with bm25, or PostgreSQL full-text search with pg_trgm;
- `query.py`: what the student typed, as plain words; `results.py`: ranking, "did you mean",
  highlighted snippets and the section a guide result links to.
"""

from . import index
from .query import MAX_QUERY_LENGTH, MAX_TERMS, parse
from .results import KINDS, PER_PAGE, Result, Search, search

__all__ = [
    "KINDS",
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "PER_PAGE",
    "Result",
    "Search",
    "index",
    "parse",
    "search",
]
