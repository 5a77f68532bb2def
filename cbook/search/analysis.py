"""How text of each language becomes index terms: one analyzer per family of languages.

English is stemmed with English rules and Arabic with Arabic ones (tantivy's Snowball
stemmers); every other language (Urdu, Polish, ...) is only lowercased, because an
English stemmer would cut Polish words at English suffixes and tantivy has no Urdu or
Polish stemmer. Each document's words go into the fields of its own family, and a query
is analyzed once per family, so nobody's text is read by another language's rules.

Before tokenizing, Arabic-script text is normalized: compatibility forms folded (NFKC),
short-vowel marks, tatweel and zero-width joiners removed, since a reader types "مدير"
for a page that wrote "مُدِير". Urdu and Arabic keyboards give different code points for
the same-looking yeh and kaf, so Urdu-family text folds them together too.
"""

from __future__ import annotations

import re
import unicodedata

import tantivy

EN, AR, OTHER = "en", "ar", "other"
FAMILIES = (EN, AR, OTHER)
MAX_TOKEN_BYTES = 40

# Arabic-script marks a reader may or may not type: harakat, Quranic marks, superscript
# alef, tatweel; and the zero-width (non-)joiners that only shape letters.
_SILENT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4"
                     "\u06e7\u06e8\u06ea-\u06ed\u0640\u200c\u200d]")
# Letters Arabic and Urdu keyboards write differently: Arabic yeh, alef maksura, Farsi
# yeh -> Urdu yeh; Arabic kaf -> keheh (the Urdu kaf).
_URDU_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def primary_language(language: str | None) -> str:
    """The primary subtag of ``language``, lowercased (``ur-PK`` -> ``ur``; none -> ``en``):
    what the index files each document under for language filters and facets."""
    return (language or "").split("-")[0].split("_")[0].strip().lower() or EN


def family_of(language: str | None) -> str:
    """The analyzer family for text in ``language`` (a BCP 47 tag such as ``ur-PK``)."""
    primary = primary_language(language)
    if primary == EN:
        return EN
    return AR if primary == "ar" else OTHER


def normalize(text: str, family: str) -> str:
    """``text`` as the analyzers of ``family`` should see it (see the module docstring)."""
    if not _ARABIC_SCRIPT.search(text):
        return text
    folded = _SILENT.sub("", unicodedata.normalize("NFKC", text))
    return folded.translate(_URDU_FOLD) if family == OTHER else folded


def _analyzer(stemmer: str | None) -> tantivy.TextAnalyzer:
    builder = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
               .filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
               .filter(tantivy.Filter.lowercase()))
    if stemmer is not None:
        builder = builder.filter(tantivy.Filter.stemmer(stemmer))
    return builder.build()


ANALYZERS: dict[str, tantivy.TextAnalyzer] = {
    EN: _analyzer("english"),
    AR: _analyzer("arabic"),
    OTHER: _analyzer(None),
}
# Registered names, as the schema refers to them.
TOKENIZER_NAMES = {EN: "cb_en", AR: "cb_ar", OTHER: "cb_other"}
# Surface words, unstemmed, for typo correction (cbook.search.spelling).
WORDS_ANALYZER = _analyzer(None)
WORDS_TOKENIZER = "cb_words"
# Text kept for display only: the raw tokenizer's single token is always too long to keep.
STORED_ONLY_TOKENIZER = "cb_stored"
_STORED_ONLY = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
                .filter(tantivy.Filter.remove_long(1)).build())


def register(index: tantivy.Index) -> None:
    """Make our analyzers known to ``index`` (needed on every open, before any use)."""
    for family, name in TOKENIZER_NAMES.items():
        index.register_tokenizer(name, ANALYZERS[family])
    index.register_tokenizer(WORDS_TOKENIZER, WORDS_ANALYZER)
    index.register_tokenizer(STORED_ONLY_TOKENIZER, _STORED_ONLY)


def terms(text: str, family: str) -> tuple[str, ...]:
    """The index terms of ``text`` in ``family``: normalized, cut, lowercased, stemmed."""
    return tuple(ANALYZERS[family].analyze(normalize(text, family)))


def surface(text: str) -> str:
    """``text`` as the typo vocabulary holds it: normalized, with no family's letter folds
    (a correction is searched again in every family, so it must keep its letters)."""
    return normalize(text, EN)


def words(text: str) -> tuple[str, ...]:
    """The surface words of ``text`` (any language), as the typo vocabulary holds them."""
    return tuple(WORDS_ANALYZER.analyze(surface(text)))
