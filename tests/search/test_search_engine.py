"""The search engine core: what a reader notices when they search (no Flask, no database)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cbook.api.schemas import SearchResultsSchema
from cbook.errors import InvalidInput
from cbook.search import SearchDoc, SearchIndex, SearchResults


def doc(key: str, title: str, body: str, **extra: object) -> SearchDoc:
    """A document whose type and id come from its key ("resource:5" -> resource, 5)."""
    kind, _, ident = key.partition(":")
    return SearchDoc(key=key, type=str(extra.pop("type", kind)), id=ident, title=title,
                     body=body, url=f"/{kind}/{ident}", **extra)  # type: ignore[arg-type]


CORPUS = [
    doc("block:1:a", "Removing barriers",
        "Everyday barriers keep people out of the library and wear down trust.",
        principles=("access", "trust"), audiences=("staff",), chapter="1"),
    doc("block:1:b", "Welcome desks", "A friendly barrier-free welcome for new members.",
        principles=("access",), audiences=("volunteers",), chapter="1", kind="tip"),
    doc("section:2", "Trust takes time", "Trust grows when people keep small promises.",
        principles=("trust",), audiences=("staff", "volunteers"), chapter="2"),
    doc("resource:5", "Listening podcast", "Episode on listening and trust in teams.",
        principles=("trust",), audiences=("managers",), kind="podcast"),
    doc("resource:6", "Annual report", "Numbers about outreach and listening sessions.",
        principles=("outreach",), kind="report"),
    doc("principle:care", "Care", "We care for each other and for the library commons.",
        principles=("care",)),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    """A small shared corpus; tests that write build their own index."""
    built = SearchIndex()
    built.replace(CORPUS)
    built.commit()
    return built


def ids(results: SearchResults) -> list[str]:
    return [hit.id for hit in results.results]


def test_stemming_and_case(index: SearchIndex) -> None:
    # "BARRIER" finds "barriers", "barrier-free" and "Removing barriers".
    assert set(ids(index.search("BARRIER"))) == {"1:a", "1:b"}
    assert set(ids(index.search("listen"))) == {"5", "6"}


def test_all_words_must_match(index: SearchIndex) -> None:
    assert ids(index.search("trust listening")) == ["5"]


def test_phrase_is_stricter_than_words(index: SearchIndex) -> None:
    assert set(ids(index.search("people keep"))) == {"1:a", "2"}
    assert ids(index.search('"keep people"')) == ["1:a"]
    assert ids(index.search('"people keep"')) == ["2"]


def test_unclosed_quote_is_a_phrase_to_the_end(index: SearchIndex) -> None:
    assert ids(index.search('"keep people')) == ["1:a"]


def test_exclusion_of_words_and_phrases(index: SearchIndex) -> None:
    assert set(ids(index.search("trust -podcast"))) == {"1:a", "2"}
    assert "5" not in ids(index.search('trust -"in teams"'))
    assert set(ids(index.search("trust -kind:podcast"))) == {"1:a", "2"}


def test_or_between_terms(index: SearchIndex) -> None:
    assert set(ids(index.search("podcast OR report"))) == {"5", "6"}
    # OR binds tighter than the implicit AND around it.
    assert ids(index.search("episode podcast OR report")) == ["5"]
    # Lowercase "or" is a word, not an operator.
    assert index.search("podcast or report").total == 0


@pytest.mark.parametrize(
    ("query", "filters", "expected"),
    [
        ("trust principle:access", None, {"1:a"}),
        ("trust", {"principle": "access"}, {"1:a"}),
        ("listening kind:podcast", None, {"5"}),
        ("trust audience:volunteers", None, {"2"}),
        ("trust", {"audience": "VOLUNTEERS"}, {"2"}),
        ("listening type:resource", None, {"5", "6"}),
        ("barrier chapter:1", None, {"1:a", "1:b"}),
        ("trust", {"chapter": "2", "kind": ""}, {"2"}),  # an empty filter value is no filter
        ("", {"type": "principle"}, {"care"}),  # filters alone are a query
        ("type:principle", None, {"care"}),
    ],
)
def test_filters(index: SearchIndex, query: str, filters: dict[str, str] | None,
                 expected: set[str]) -> None:
    assert set(ids(index.search(query, filters=filters))) == expected


def test_title_matches_rank_above_body_matches() -> None:
    built = SearchIndex()
    built.replace([
        doc("block:1:body", "Something else", "A note about compost and compost bins."),
        doc("block:1:title", "Compost", "A note about gardens."),
    ])
    built.commit()
    assert ids(built.search("compost")) == ["1:title", "1:body"]


def test_facets_count_every_match_and_respect_filters() -> None:
    built = SearchIndex()
    built.replace(
        doc(f"resource:{n}", f"Guide {n}", "a guide to trust",
            principles=("trust",) + (("care",) if n % 2 else ()),
            kind="podcast" if n < 5 else "report", audiences=("staff",))
        for n in range(30)
    )
    built.commit()
    found = built.search("guide", per_page=5)
    assert found.total == 30 and len(found.results) == 5
    assert found.facets["principle"] == {"trust": 30, "care": 15}
    assert found.facets["kind"] == {"podcast": 5, "report": 25}
    assert found.facets["audience"] == {"staff": 30}
    assert found.facets["type"] == {"resource": 30}
    narrowed = built.search("guide", filters={"kind": "podcast"})
    assert narrowed.total == 5
    assert narrowed.facets["kind"] == {"podcast": 5}
    assert narrowed.facets["principle"] == {"trust": 5, "care": 2}


def test_snippets_mark_matches_and_escape_markup() -> None:
    built = SearchIndex()
    body = ("Intro words. " * 30) + "Beware <script>alert('x')</script> hidden barriers here."
    built.replace([doc("block:9:x", "Risky", body)])
    built.commit()
    snippet = built.search("barrier").results[0].snippet
    assert "<mark>barriers</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert snippet.startswith("…")  # the window moved to the match
    assert len(snippet) < 400


def test_snippet_offsets_survive_non_ascii_text() -> None:
    built = SearchIndex()
    built.replace([doc("block:7:u", "Ünïcode", "Café ñandú 🙂 שלום — les barrières & barriers")])
    built.commit()
    snippet = built.search("barriers").results[0].snippet
    assert snippet == "Café ñandú 🙂 שלום — les barrières &amp; <mark>barriers</mark>"


def test_snippet_without_body_match_shows_the_start(index: SearchIndex) -> None:
    hit = index.search("welcome desks").results[0]
    assert "<mark>" in hit.snippet  # "welcome" is in the body too
    hit = index.search("removing").results[0]
    assert hit.snippet.startswith("Everyday barriers") and "<mark>" not in hit.snippet


def test_typo_tolerance(index: SearchIndex) -> None:
    found = index.search("barirers")
    assert found.corrected and found.suggestion == "barriers"
    assert set(ids(found)) == {"1:a", "1:b"}
    assert "<mark>" in found.results[0].snippet
    exact = index.search("barriers")
    assert not exact.corrected
    # Short words are never loosened, and phrases are taken literally.
    assert index.search("cre").total == 0
    assert index.search('"barirers"').total == 0


def test_only_words_the_index_lacks_are_treated_as_typos(index: SearchIndex) -> None:
    # "teams" is in the index, so only "lisening" is loosened (to "listening").
    found = index.search("lisening teams")
    assert found.corrected
    assert ids(found) == ["5"]
    assert "<mark>teams</mark>" in found.results[0].snippet
    # Both words exist but never together: "trust" is not "corrected" into "crust".
    small = SearchIndex(None)
    small.replace([doc("block:1:a", "Pie", "A crust and some listening."),
                   doc("block:1:b", "Trust", "Trust is earned.")])
    small.commit()
    nothing = small.search("trust listening")
    assert nothing.total == 0 and not nothing.corrected


def test_json_shape(index: SearchIndex) -> None:
    data = SearchResultsSchema().dump(index.search("trust"))
    assert set(data) == {"total", "results", "facets", "suggestion", "page", "per_page",
                         "corrected", "language", "widened"}
    assert data["suggestion"] is None  # nothing to correct
    assert data["language"] is None and data["widened"] is False  # every language
    assert set(data["results"][0]) == {"type", "id", "title", "snippet", "url", "principles",
                                       "score", "language"}
    assert set(data["facets"]) == {"principle", "kind", "audience", "type", "language"}


def test_visibility_hides_drafts() -> None:
    built = SearchIndex()
    built.replace([
        doc("block:12:a", "Draft idea", "an unpublished idea", visibility="chapter:12"),
        doc("block:3:a", "Published idea", "a published idea"),
    ])
    built.commit()
    assert ids(built.search("idea")) == ["3:a"]
    assert built.search("idea").facets["type"] == {"block": 1}
    assert set(ids(built.search("idea", visible=("public", "chapter:12")))) == {"3:a", "12:a"}
    assert built.search("idea", visible=()).total == 0


def test_replace_updates_and_delete_removes() -> None:
    built = SearchIndex()
    built.replace([doc("block:1:a", "Old title", "old words")])
    built.commit()
    built.replace([doc("block:1:a", "New title", "new words")])
    built.replace([doc("block:1:a", "Newest title", "newest words")])  # twice, one commit
    built.commit()
    assert built.count() == 1
    assert built.search("old").total == 0
    assert [h.title for h in built.search("title").results] == ["Newest title"]
    built.delete(["block:1:a", "block:404"])
    built.commit()
    assert built.count() == 0 and built.keys() == set()


def test_keys_delete_prefix_and_clear() -> None:
    built = SearchIndex()
    built.replace(doc(f"block:{s}:{n}", "t", "b") for s in (12, 123) for n in range(3))
    built.replace([doc("section:12", "t", "b")])
    assert built.keys() == set()  # nothing shows before commit
    built.commit()
    assert len(built.keys()) == 7
    built.delete_prefix("block:12:")
    built.commit()
    assert built.keys() == {"section:12", "block:123:0", "block:123:1", "block:123:2"}
    built.clear()
    built.replace([doc("section:1", "t", "b")])
    built.commit()
    assert built.keys() == {"section:1"}


def test_pagination() -> None:
    built = SearchIndex()
    built.replace(doc(f"resource:{n}", "Guide", f"guide number {n}") for n in range(45))
    built.commit()
    pages = [built.search("guide", page=p, per_page=20) for p in (1, 2, 3, 4)]
    assert [len(p.results) for p in pages] == [20, 20, 5, 0]
    assert all(p.total == 45 for p in pages)
    assert len({h.id for p in pages for h in p.results}) == 45
    assert built.search("guide", page=10**12).results == []
    for bad in ({"page": 0}, {"per_page": 0}, {"per_page": 101}, {"page": -1}):
        with pytest.raises(InvalidInput):
            built.search("guide", **bad)


@pytest.mark.parametrize(
    "query",
    ["colour:red", "", "   ", "x" * 501, "-trust", "type:thing", "principle:", "***", "OR OR",
     "\ud800"],
)
def test_unusable_queries_raise_invalid_input(index: SearchIndex, query: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        index.search(query)
    assert caught.value.message


def test_unknown_filter_in_mapping(index: SearchIndex) -> None:
    with pytest.raises(InvalidInput, match="colour"):
        index.search("trust", filters={"colour": "red"})


@pytest.mark.parametrize(
    "query",
    ['trust "', "trust -", "trust :", "trust (", "trust *", "trust \x00\x07", "trust 🙂",
     "trust שלום", "trust OR", "OR trust", "trust https://example.org", "3:2 trust",
     'trust -"', "trust foo:", "trust --x", "(trust OR care)"],
)
def test_odd_input_still_searches(index: SearchIndex, query: str) -> None:
    assert isinstance(index.search(query), SearchResults)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.one_of(st.sampled_from('"-: OR()*\\'), st.characters()),
               max_size=60))
def test_any_text_gives_results_or_invalid_input(text: str) -> None:
    try:
        found = _FUZZ_INDEX.search(text)
    except InvalidInput:
        return
    assert isinstance(found, SearchResults)


_FUZZ_INDEX = SearchIndex()
_FUZZ_INDEX.replace(CORPUS)
_FUZZ_INDEX.commit()


def test_concurrent_search_and_commit() -> None:
    built = SearchIndex()
    built.replace(CORPUS)
    built.commit()
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(30):
                assert built.search("trust").total >= 3
        except BaseException as exc:  # collected and re-raised on the main thread
            errors.append(exc)

    def writer(n: int) -> None:
        try:
            for i in range(10):
                built.replace([doc(f"block:{n}:{i}", "Extra trust", "more")])
                built.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    threads += [threading.Thread(target=writer, args=(n,)) for n in (100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert built.count() == len(CORPUS) + 20


def test_on_disk_index_survives_reopening(tmp_path: Path) -> None:
    first = SearchIndex(tmp_path / "idx")
    first.replace(CORPUS)
    first.commit()
    first.close()
    del first
    reopened = SearchIndex(tmp_path / "idx")
    assert reopened.count() == len(CORPUS)
    assert set(ids(reopened.search("barriers"))) == {"1:a", "1:b"}
    reopened.delete(["principle:care"])  # and it can still be written to
    reopened.commit()
    assert reopened.keys() == {d.key for d in CORPUS} - {"principle:care"}
