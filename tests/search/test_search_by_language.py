"""Search per language: a search in a translation finds that language's passages first,
read with that language's analyzer, can be widened to every language, and counts matches
by language (the page names each language in itself)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books.models import Book, Chapter, Section
from cbook.editor import authority
from cbook.roles import Role
from cbook.search import SearchDoc, SearchIndex
from cbook.translating import service as translating
from tests.cli.helpers import assert_one_line_error, run
from tests.support import make_user

ENGLISH = "Trust grows in Manchester when leaders listen first."
URDU = "مانچسٹر میں اعتماد تب بڑھتا ہے جب رہنما پہلے سنتے ہیں Manchester"
POLISH = "Zaufanie rośnie w Manchester, gdy liderzy najpierw słuchają."


def _doc(block_id: str, text: str) -> dict[str, Any]:
    return {"type": "doc", "content": [
        {"type": "paragraph", "attrs": {"id": block_id, "principles": [], "audiences": []},
         "content": [{"type": "text", "text": text}]}]}


def _translate(session: Session, actor: Any, source_book: Book, source: Section,
               language: str, text: str) -> Section:
    """A published translation of ``source`` into ``language`` whose text is ``text``."""
    translation = translating.start_translation(session, actor, source_book, language)
    section = session.scalars(select(Section).join(Chapter).where(
        Chapter.book_id == translation.id, Section.source_section_id == source.id)).one()
    authority.replace_whole_document(session, section.document, _doc("p1", text), actor)
    books.publish_section(session, actor, section)
    return section


@pytest.fixture
def world(session: Session) -> dict[str, Section]:
    """An English book with one published passage, translated into Urdu and Polish."""
    coordinator = make_user(session, Role.COORDINATOR, "coord@example.org")
    book = books.create_book(session, coordinator, title="Pushing what moves", language="en")
    chapter = books.create_chapter(session, coordinator, book, title="Real work")
    source = books.create_section(session, coordinator, chapter, title="Start small",
                                  doc=_doc("p1", ENGLISH))
    books.publish_section(session, coordinator, source)
    urdu = _translate(session, coordinator, book, source, "ur", URDU)
    polish = _translate(session, coordinator, book, source, "pl", POLISH)
    session.commit()
    return {"en": source, "ur": urdu, "pl": polish}


def api(client: FlaskClient, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def page(client: FlaskClient, query: str, **headers: str) -> str:
    response = client.get(query, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def hit_urls(html: str) -> list[str]:
    return re.findall(r'<li class="search-hit"[^>]*>.*?<a href="([^"]+)"', html, re.DOTALL)


# -- the page -------------------------------------------------------------------------

def test_an_urdu_query_in_the_urdu_translation_finds_the_urdu_passage_first(
        client: FlaskClient, world: dict[str, Section]) -> None:
    html = page(client, "/search?q=اعتماد&lang=ur")
    urls = hit_urls(html)
    assert urls and urls[0] == f"/sections/{world['ur'].id}#b-p1"  # the translated section
    # Its title and snippet say they are Urdu, right to left, and a badge names it.
    assert re.search(r'<p class="search-snippet" lang="ur" dir="rtl">[^<]*<mark>اعتماد</mark>',
                     html)
    assert '<span class="badge badge--language" lang="ur" dir="rtl">اردو</span>' in html
    assert 'data-testid="search-language"' in html and "search-widened" not in html


def test_a_search_in_a_translation_counts_every_language_and_can_be_widened(
        client: FlaskClient, world: dict[str, Section]) -> None:
    html = page(client, "/search?q=manchester&lang=ur")
    assert hit_urls(html) == [f"/sections/{world['ur'].id}#b-p1"]
    assert "1 result" in html
    # Facet links name each language in itself, the one searched first and marked.
    facets = re.search(r'<p class="search-languages" data-facet="language">(.*?)</p>', html,
                       re.DOTALL)
    assert facets is not None
    names = re.findall(r"<a [^>]*>([^<]+)</a> <span class=\"muted\">\((\d+)\)</span>",
                       facets.group(1))
    assert names == [("اردو", "1"), ("English", "1"), ("Polski", "1")]
    assert 'href="/search?q=manchester&amp;lang=pl"' in facets.group(1)
    assert re.search(r'lang="ur" dir="rtl" aria-current="true">اردو</a>', facets.group(1))
    # "Search all languages" widens it, and the search box keeps the choice.
    widen = re.search(r'<a href="([^"]+)" data-testid="search-all-languages">Search all '
                      r"languages</a>", html)
    assert widen is not None and widen.group(1) == "/search?q=manchester&amp;lang=all"
    assert '<input type="hidden" name="lang" value="ur">' in html
    everything = page(client, "/search?q=manchester&lang=all")
    assert "3 results" in everything
    assert sorted(hit_urls(everything)) == sorted(
        f"/sections/{world[code].id}#b-p1" for code in ("en", "ur", "pl"))
    assert "search-all-languages" not in everything


def test_a_language_with_no_match_says_so_and_shows_every_language(
        client: FlaskClient, world: dict[str, Section]) -> None:
    html = page(client, "/search?q=zaufanie&lang=ur")
    assert 'data-testid="search-widened"' in html
    assert "Nothing was found in" in html and '<span lang="ur" dir="rtl">اردو</span>' in html
    assert hit_urls(html) == [f"/sections/{world['pl'].id}#b-p1"]
    assert 'lang="pl" dir="ltr">Polski</span>' in html  # the hit's language is shown


def test_the_interface_language_comes_first_when_it_has_matches(
        client: FlaskClient, world: dict[str, Section]) -> None:
    # An English interface: English passages first, the others a click away.
    english = page(client, "/search?q=manchester")
    assert hit_urls(english) == [f"/sections/{world['en'].id}#b-p1"]
    assert 'data-testid="search-all-languages"' in english
    assert '<input type="hidden" name="lang"' not in english  # nothing was asked for
    # An Urdu interface: Urdu first.
    urdu = page(client, "/search?q=manchester", **{"Accept-Language": "ur"})
    assert hit_urls(urdu) == [f"/sections/{world['ur'].id}#b-p1"]
    # Nothing in the interface's language: every language's, without a fuss.
    arabic = page(client, "/search?q=manchester", **{"Accept-Language": "ar"})
    assert len(hit_urls(arabic)) == 3 and "search-widened" not in arabic


def test_a_bad_language_is_explained(client: FlaskClient) -> None:
    response = client.get("/search?q=trust&lang=not a tag")
    assert response.status_code == 400
    assert "lang must be a language tag" in response.get_data(as_text=True)


# -- the API ----------------------------------------------------------------------------

def test_api_lang_filter_facets_and_widening(
        client: FlaskClient, world: dict[str, Section]) -> None:
    everything = api(client, q="manchester")  # as before: every language
    assert everything["total"] == 3 and everything["language"] is None
    assert everything["widened"] is False
    assert everything["facets"]["language"] == {"en": 1, "ur": 1, "pl": 1}
    assert {hit["language"] for hit in everything["results"]} == {"en", "ur", "pl"}

    urdu = api(client, q="manchester", lang="ur")
    assert urdu["total"] == 1 and urdu["language"] == "ur" and urdu["widened"] is False
    assert [(hit["url"], hit["language"]) for hit in urdu["results"]] == [
        (f"/sections/{world['ur'].id}#b-p1", "ur")]
    assert urdu["facets"]["language"] == {"en": 1, "ur": 1, "pl": 1}  # every language
    assert urdu["facets"]["type"] == {"block": 1}  # the others facet the Urdu matches
    assert api(client, q="manchester", lang="ur-PK")["language"] == "ur"  # region ignored
    assert api(client, q="manchester", lang="all")["total"] == 3

    nothing = api(client, q="zaufanie", lang="ur")
    assert nothing["widened"] is True and nothing["language"] is None
    assert [hit["language"] for hit in nothing["results"]] == ["pl"]

    for bad in ("not a tag", "x" * 30):
        response = client.get("/api/v1/search", query_string={"q": "trust", "lang": bad})
        assert response.status_code in (400, 422) and response.get_json()["error"]


def test_api_documents_the_lang_parameter(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "lang", "principle", "page"} <= names


# -- the engine: each language read with its own analyzer --------------------------------

def _entry(key: str, body: str, language: str) -> SearchDoc:
    kind, _, ident = key.partition(":")
    return SearchDoc(key=key, type=kind, id=ident, title="", body=body, url=f"/{ident}",
                     language=language)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    built = SearchIndex()
    built.replace([
        _entry("block:en", "Our marketing reached new leaders in the libraries.", "en"),
        _entry("block:pl", "Rozmawialiśmy o marketing w naszej dzielnicy.", "pl"),
        _entry("block:ur", "یہ کتاب سب کے لیے ہے marketing", "ur-PK"),
        _entry("block:ar", "قرأتُ الكِتابَ في المكتبة مع فريقي.", "ar"),
    ])
    built.commit()
    return built


def _ids(index: SearchIndex, text: str, language: str | None = None) -> list[str]:
    return sorted(hit.id for hit in index.search(text, language=language).results)


def test_a_query_in_one_language_is_read_with_that_languages_analyzer(
        index: SearchIndex) -> None:
    # English stems "market" to match "marketing"; Urdu and Polish keep their words.
    assert _ids(index, "market") == ["en"]
    assert _ids(index, "marketing", "ur") == ["ur"]
    widened = index.search("market", language="ur")
    assert widened.widened and [hit.id for hit in widened.results] == ["en"]
    # Arabic stemming for Arabic ("the libraries" finds "the library")...
    assert _ids(index, "المكتبات", "ar") == ["ar"]
    # ...and Urdu's letter folding for Urdu: an Arabic-keyboard kaf finds the Urdu book
    # only, where every language would also find the Arabic one.
    assert _ids(index, "كتاب") == ["ar", "ur"]
    assert _ids(index, "كتاب", "ur") == ["ur"]


def test_widened_searches_match_each_language_with_its_own_analysis(
        index: SearchIndex) -> None:
    results = index.search("marketing", language="all")
    assert results.language is None and not results.widened
    assert sorted(hit.id for hit in results.results) == ["en", "pl", "ur"]
    assert results.facets["language"] == {"en": 1, "pl": 1, "ur": 1}
    kept = index.search("marketing", language="pl")
    assert [hit.id for hit in kept.results] == ["pl"] and kept.language == "pl"
    assert kept.facets["language"] == {"en": 1, "pl": 1, "ur": 1}


def test_typos_are_corrected_among_the_languages_own_words(index: SearchIndex) -> None:
    fixed = index.search("dzielnicyy", language="pl")
    assert fixed.corrected and [hit.id for hit in fixed.results] == ["pl"]
    assert fixed.language == "pl" and not fixed.widened


def test_nothing_anywhere_stays_in_the_language_asked_for(index: SearchIndex) -> None:
    results = index.search("zzzyzzx", language="ur")
    assert results.total == 0 and results.language == "ur" and not results.widened


def test_cbook_search_takes_a_language(env: dict[str, str]) -> None:
    assert run("init", env=env).returncode == 0
    answer = json.loads(run("search", "trust", "--lang", "ur", "--json", env=env).stdout)
    assert answer["language"] == "ur" and answer["widened"] is False
    assert "language" in answer["facets"]
    assert_one_line_error(run("search", "trust", "--lang", "not a tag", env=env),
                          "lang must be a language tag")
