"""The bounds of a search, shared by the package and both backends (a module of
their own, so that the backends need not import the package that imports them)."""

from typing import Final

#: Ranking looks at the newest CANDIDATES matching documents at most, so that a
#: query of very common words costs the same on 10,000 or 1,000,000 documents;
#: when fewer documents match, the ranking is exact.
CANDIDATES: Final = 2000
#: Counting stops there: "more than 10,000 documents" is all a reader needs,
#: and counting every match of common words costs as much as the search.
COUNT_CAP: Final = 10_000
