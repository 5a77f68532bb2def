"""Search in each language: Arabic-script words found however they are typed, Arabic
stemming on Arabic text only, no English stemming on other languages, snippets that mark
the right words and never cut a letter from its vowel marks."""

from __future__ import annotations

import unicodedata

import pytest

from cbook.search import SearchDoc, SearchIndex


def doc(key: str, title: str, body: str, language: str) -> SearchDoc:
    kind, _, ident = key.partition(":")
    return SearchDoc(key=key, type=kind, id=ident, title=title, body=body,
                     url=f"/{kind}/{ident}", language=language)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    built = SearchIndex()
    built.replace([
        doc("block:1:a", "القيادة المشتركة", "قرأتُ الكِتابَ في المكتبة مع فريقي.", "ar"),
        doc("block:2:a", "ثقافت کی کتاب", "ہم نے مل کر اصول لکھے۔ یہ کتاب‌خانہ سب کے لیے ہے۔",  # noqa: RUF001
            "ur"),
        doc("block:3:a", "Szkolenie", "Rozmawialiśmy o marketing w naszej dzielnicy.", "pl"),
        doc("block:4:a", "Outreach", "Our marketing reached new leaders.", "en"),
        doc("block:5:a", "ليس هنا", "نص عن موضوع آخر تمامًا.", "ar"),
    ])
    built.commit()
    return built


def found(index: SearchIndex, query: str) -> list[str]:
    return sorted(hit.id for hit in index.search(query).results)


def test_arabic_is_found_with_or_without_its_vowel_marks(index: SearchIndex) -> None:
    assert found(index, "الكتاب") == ["1:a"]
    assert found(index, "الكِتابَ") == ["1:a"]
    assert found(index, "ﺍﻟﻜﺘﺎﺏ") == ["1:a"]  # presentation forms, as some PDFs paste them


def test_arabic_words_are_stemmed_with_arabic_rules(index: SearchIndex) -> None:
    # "the libraries" finds "the library"; "leadership" finds "the leadership".
    assert found(index, "المكتبات") == ["1:a"]
    assert found(index, "قيادة") == ["1:a"]


def test_urdu_is_found_whichever_keyboard_typed_yeh_and_kaf(index: SearchIndex) -> None:
    assert found(index, "کتاب") == ["2:a"]  # Urdu keheh
    assert found(index, "كتاب") == ["1:a", "2:a"]  # Arabic kaf: the Arabic book too
    assert found(index, "کتابخانہ") == ["2:a"]  # written with a zero-width non-joiner
    assert found(index, '"مل کر"') == ["2:a"]


def test_english_stemming_is_not_applied_to_polish(index: SearchIndex) -> None:
    # English "market" finds "marketing" in English text only: Polish keeps its words.
    assert found(index, "market") == ["4:a"]
    assert found(index, "marketing") == ["3:a", "4:a"]


def test_a_snippet_marks_the_word_as_written_with_its_marks(index: SearchIndex) -> None:
    hit = index.search("الكتاب").results[0]
    assert "<mark>الكِتابَ</mark>" in hit.snippet
    assert hit.language == "ar"
    urdu = index.search("اصول").results[0]
    assert "<mark>اصول</mark>" in urdu.snippet and urdu.language == "ur"


def test_a_typo_in_urdu_is_corrected(index: SearchIndex) -> None:
    results = index.search("اصوول")
    assert results.corrected and results.suggestion == "اصول"
    assert [hit.id for hit in results.results] == ["2:a"]


def test_a_snippet_of_unbroken_text_never_cuts_a_letter_from_its_marks() -> None:
    body = "كِتَابٌ" * 120  # one long run with no space: the cut falls inside it
    built = SearchIndex()
    built.replace([doc("block:9:a", "طويل", body, "ar")])
    built.commit()
    snippet = built.search("طويل").results[0].snippet
    shown = snippet.removesuffix("…")
    assert body.startswith(shown) and len(shown) < len(body)
    assert not unicodedata.category(body[len(shown)]).startswith("M")
