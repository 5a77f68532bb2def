"""Typos on the demo book: exact words first, the closest spelling offered and searched,
names rather than slugs on the page, and nothing loose or private suggested."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books.models import Chapter
from cbook.roles import Role
from tests.cli.helpers import run
from tests.support import make_user

TYPOS = {"governanse": "governance", "govrnance": "governance", "goverance": "governance",
         "bareers": "barriers"}


def api(client: FlaskClient, q: str, **extra: str) -> dict[str, object]:
    response = client.get("/api/v1/search", query_string={"q": q, **extra})
    assert response.status_code == 200, response.get_json()
    answer: dict[str, object] = response.get_json()
    return answer


def test_typos_find_what_the_word_would_have_found_and_say_so(demo_session: Session,
                                                              client: FlaskClient) -> None:
    for typo, word in TYPOS.items():
        exact = api(client, word)
        corrected = api(client, typo)
        assert corrected["suggestion"] == word, typo
        assert corrected["corrected"] is True
        # The same hits as the word itself, in the same order: no loose extras on top.
        assert corrected["total"] == exact["total"] > 0, typo
        assert ([h["url"] for h in corrected["results"]]  # type: ignore[index,union-attr]
                == [h["url"] for h in exact["results"]])  # type: ignore[index,union-attr]
        assert exact["suggestion"] is None and exact["corrected"] is False
    # Every hit for the misspelling is about governance, not a webinar that happens to
    # contain "over" or "moves".
    for hit in api(client, "goverance")["results"]:  # type: ignore[union-attr]
        assert "governance" in (hit["title"] + hit["snippet"]).lower()  # type: ignore[index]


def test_only_the_mistyped_word_is_corrected_and_hopeless_words_stay_unmatched(
        demo_session: Session, client: FlaskClient) -> None:
    both = api(client, "Governanse boards")
    assert both["suggestion"] == "Governance boards"
    assert both["total"] == api(client, "governance boards")["total"] > 0
    nothing = api(client, "zqxwvy")
    assert nothing["total"] == 0 and nothing["suggestion"] is None
    # Filters still apply to the corrected search.
    resources = api(client, "bareers", type="resource")
    assert resources["suggestion"] == "barriers"
    assert all(h["type"] == "resource" for h in resources["results"])  # type: ignore[index,union-attr]
    # Bad syntax is still a 400, never a guess.
    assert client.get("/api/v1/search", query_string={"q": "-governanse"}).status_code == 400


def test_the_page_offers_did_you_mean_and_shows_names_not_slugs(
        demo_session: Session, client: FlaskClient) -> None:
    html = client.get("/search?q=governanse").get_data(as_text=True)
    offer = re.search(r'<a href="([^"]+)" data-testid="did-you-mean">([^<]+)</a>', html)
    assert offer is not None and offer.group(2) == "governance"
    assert "Nothing matched “governanse” as typed" in html
    followed = client.get(unescape(offer.group(1))).get_data(as_text=True)
    assert 'data-testid="did-you-mean"' not in followed
    assert 'value="governance"' in followed
    # Facets and the tags under hits name principles and audiences as people do.
    assert ">Shared purpose</a>" in html and ">Board members</a>" in html
    assert ">shared-purpose<" not in html and ">board-members<" not in html
    assert re.search(r'class="muted search-hit__tags">[^<]*New cultures and structures', html)
    assert "?q=governanse&amp;audience=board-members" in html  # links keep the slugs
    narrowed = client.get("/search?q=governance&principle=shared-purpose").get_data(
        as_text=True)
    assert "Principle: Shared purpose" in narrowed


def test_words_only_in_drafts_are_never_suggested_to_readers(session: Session,
                                                            client: FlaskClient) -> None:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="Book")
    chapter: Chapter = books.create_chapter(session, admin, book, title="Chapter")
    books.create_section(session, admin, chapter, title="Unpublished", doc={
        "type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                    "content": [{"type": "text", "text": "Moonlighting."}]}]})
    session.commit()
    answer = api(client, "moonlightin")
    assert answer["total"] == 0 and answer["suggestion"] is None


def test_cbook_init_demo_makes_files_and_cbook_search_offers_the_spelling(
        env: dict[str, str]) -> None:
    assert run("init", "--demo", env=env).returncode == 0
    uploads = [p for p in (Path(env["CBOOK_INSTANCE"]) / "uploads" / "resources").iterdir()
               if p.is_file()]
    assert len(uploads) == 5
    found = run("search", "govrnance", env=env)
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith("Did you mean: governance? Showing its results.\n")
    assert "[Governance] exists" in found.stdout
