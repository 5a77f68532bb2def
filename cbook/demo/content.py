"""Demo data for Culture Book: the Pushing What Moves book, its principles, people and trios.

This module assembles the book from its chapters and is the one place importers use; the
data itself lives in :mod:`cbook.demo.taxonomy`, :mod:`cbook.demo.people` and the
:mod:`cbook.demo.chapters` modules, and its shapes in :mod:`cbook.demo.shapes`.
"""

from typing import Final

from cbook.demo.chapters import barriers, experiments, principles, stories, tools, vision
from cbook.demo.people import STAFF_USERS, TRIO_USERS, TRIOS
from cbook.demo.prose import settle
from cbook.demo.shapes import (
    AudienceData,
    BookData,
    ChapterData,
    PrincipleData,
    RoleName,
    SectionData,
    Status,
    TrioData,
    UserData,
)
from cbook.demo.taxonomy import AUDIENCES, PRINCIPLES

__all__ = [
    "AUDIENCES",
    "BOOK",
    "PRINCIPLES",
    "STAFF_USERS",
    "TRIOS",
    "TRIO_USERS",
    "AudienceData",
    "BookData",
    "ChapterData",
    "PrincipleData",
    "RoleName",
    "SectionData",
    "Status",
    "TrioData",
    "UserData",
]

BOOK: Final[BookData] = {
    "slug": "pushing-what-moves",
    "title": "Pushing What Moves",
    "subtitle": "A Culture Book for system-shifting leadership in Greater Manchester",
    "language": "en",
    "description": (
        "A living book co-written by trios of leaders from public services, the voluntary "
        "and community sector and communities across Greater Manchester. It sets out a "
        "shared vision and five principles, names the barriers that most often hold change "
        "back, and offers practical tools and stories for replacing them with enablers."
    ),
    "chapters": [
        vision.CHAPTER,
        principles.CHAPTER,
        barriers.CHAPTER,
        experiments.CHAPTER,
        tools.CHAPTER,
        stories.CHAPTER,
    ],
}
# Settled here, once per process: all the book's texts go through pandoc in one run.
settle(BOOK)
