"""Text in another language inside an edition, as typst and Word need it.

An edition of a translation shows a section not yet translated in its source language: its
heading and a Div of its text carry ``lang`` and ``dir`` (HTML and EPUB honour them as
they are). Typst sets a language and direction only with ``#set text``, in a block; pandoc
writes that rule on the heading's own line, where typst no longer reads the heading as
one, so these are written here as raw typst around the unchanged blocks. Word honours a
Div's language and direction but not a heading's, so there the heading goes in a Div.
The notice above such a section is the PDF template's ``notice`` box, or a Word style.
"""

from __future__ import annotations

from typing import Any

from cbook.export.translated import NOTICE_CLASS
from cbook.languages import direction_of
from cbook.pandoc.ast_out import Json

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def _language(pairs: list[Any]) -> str:
    found = next((value for key, value in pairs if key == "lang"), "")
    return found if found and set(found) <= _SAFE else ""


def _raw(text: str) -> Json:
    return {"t": "RawBlock", "c": ["typst", text]}


def _typst_held(language: str, inner: list[Json], identifier: str = "") -> list[Json]:
    direction = direction_of(language)
    label = f" <{identifier}>" if identifier and set(identifier) <= _SAFE | {"_"} else ""
    return [_raw(f'#block(width: 100%)[#set text(lang: "{language}", dir: {direction})'),
            *inner, _raw(f"]{label}")]


def typst_languages(blocks_: list[Json]) -> list[Json]:
    """The blocks with other languages held in typst blocks and notices boxed."""
    out: list[Json] = []
    for item in blocks_:
        kind = item.get("t")
        if kind == "Header" and _language(item["c"][1][2]):
            (identifier, classes, pairs) = item["c"][1]
            plain = {"t": "Header", "c": [item["c"][0],
                                          [identifier, classes, []], item["c"][2]]}
            out.extend(_typst_held(_language(pairs), [plain]))
            continue
        if kind == "Div":
            (identifier, classes, pairs), inner = item["c"]
            inner = typst_languages(inner)
            if NOTICE_CLASS in classes:
                out += [_raw("#notice["), *inner, _raw("]")]
                continue
            if _language(pairs):
                out.extend(_typst_held(_language(pairs), inner, identifier))
                continue
            item = {"t": "Div", "c": [[identifier, classes, pairs], inner]}
        out.append(item)
    return out


def docx_languages(blocks_: list[Json], notice_style: str) -> list[Json]:
    """The blocks with headings in another language inside a Div of it, and the notice in
    the Word paragraph style ``notice_style``."""
    out: list[Json] = []
    for item in blocks_:
        kind = item.get("t")
        if kind == "Header" and _language(item["c"][1][2]):
            pairs = [p for p in item["c"][1][2] if p[0] in ("lang", "dir")]
            item = {"t": "Div", "c": [["", [], pairs], [item]]}
        elif kind == "Div":
            (identifier, classes, pairs), inner = item["c"]
            if NOTICE_CLASS in classes:
                pairs = [*pairs, ["custom-style", notice_style]]
            item = {"t": "Div", "c": [[identifier, classes, pairs],
                                      docx_languages(inner, notice_style)]}
        out.append(item)
    return out
