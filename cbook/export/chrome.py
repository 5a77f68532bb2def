"""An edition's own words ("Contents", "Contributors", the notice over an untranslated
section ...) in the book's language, when it is one of the interface languages we ship.

Editions are built by the export runner, outside any request, so the words come straight
from the interface catalogs (``cbook/translations``) through babel rather than from
flask-babel's request locale. Another language falls back to English, as does a string
not yet translated. The words are plain data in the edition's content, so its fingerprint
changes when a catalog does.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from gettext import NullTranslations

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.support import Translations

from cbook.languages import DEFAULT, shipped
from cbook.resources import PACKAGE_DIR

CATALOGS = PACKAGE_DIR / "translations"


def chrome_language(language: str | None) -> str:
    """The shipped language an edition in ``language`` speaks in: itself, or English."""
    return shipped(language) or DEFAULT


@lru_cache(maxsize=8)
def _catalog(code: str) -> NullTranslations:
    if code == DEFAULT:
        return NullTranslations()
    return Translations.load(str(CATALOGS), [code])


def edition_words(language: str | None) -> dict[str, str]:
    """Every word of an edition's chrome, in ``language`` (see the module docstring).

    Strings with ``%(...)s`` placeholders are filled where they are used.
    """
    catalog = _catalog(chrome_language(language))
    _ = catalog.gettext
    return {
        "contents": _("Contents"),
        "contributors": _("Contributors"),
        "edition_of": _("Edition of %(date)s"),
        "edition_for": _("An edition for %(audience)s"),
        "resources_cited": _("Resources cited"),
        "principles_index": _("Principles index"),
        "principles": _("Principles"),
        "principle": _("Principle"),
        "resources": _("Resources"),
        "draft_label": _("Draft preview:"),
        "draft_text": _("working texts, not yet published; they may change."),
        "draft_title": _("%(title)s (draft preview)"),
        "notice_missing": _("This section is not yet translated; it is shown in "
                            "%(language)s, as published on %(date)s."),
        "notice_behind": _("This section's translation is not up to date with the "
                           "original; it is shown in %(language)s, as published on "
                           "%(date)s."),
        # The web edition and the blog series.
        "skip": _("Skip to the text"),
        "the_book": _("The book"),
        "search": _("Search"),
        "search_the_book": _("Search the book"),
        "words_to_find": _("Words to find"),
        "no_script": _('Searching needs JavaScript; the <a href="%(href)s">contents</a> '
                       "lists every section."),
        "where_you_are": _("Where you are"),
        "reading_order": _("Reading order"),
        "made_with": _("made with Culture Book"),
        "passages": _("Passages"),
        "principles_intro": _("Each principle links to the passages of the book that put "
                              "it into practice."),
        "principles_here": _("Principles in this section"),
        "blog_title": _("%(title)s: the blog series"),
        "blog_intro": _('A series of posts from the book; <a href="%(feed)s">subscribe to '
                        'the feed</a> or read the <a href="%(web)s">web edition</a>.'),
        "the_blog": _("The blog"),
        "all_posts": _("All posts"),
        "feed": _("Feed"),
        "web_edition": _("Web edition"),
        "posts": _("Posts"),
        "from_book": _("from %(title)s"),
        "read_on_web": _("Read this in the web edition of %(title)s"),
    }


def passages_count(language: str | None, count: int) -> str:
    """"1 passage", "3 passages", in ``language``'s plural forms."""
    return _catalog(chrome_language(language)).ngettext(
        "%(num)d passage", "%(num)d passages", count) % {"num": count}


def long_date(day: date, language: str | None, pattern: str = "d MMMM y") -> str:
    """A date as the edition's language writes it: "5 March 2024" in English."""
    return format_date(day, pattern, locale=chrome_language(language))


def language_name(code: str, in_language: str | None) -> str:
    """The name of language ``code`` as the edition's language says it ("English")."""
    primary = (code or "").split("-")[0].lower()
    for speaking in (chrome_language(in_language), DEFAULT):
        try:
            name = Locale.parse(speaking).languages.get(primary)
        except (UnknownLocaleError, ValueError):
            name = None
        if name:
            return str(name)
    return code
