"""Many short texts in inline Markdown -> pandoc's inlines, in one pandoc run.

Starting pandoc costs tens of milliseconds, so texts are read together: each becomes one
paragraph of a single document, behind a marker word that keeps it inline (a text can
never turn into a list or a heading, whatever it starts with), and the paragraphs are
split back. CommonMark's emphasis rules apply (``2 * 3 * 4`` stays literal); raw HTML is
not read, and quotes and dashes stay as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from cbook.pandoc.run import text_to_json

Json = dict[str, Any]
READER: Final = "commonmark-raw_html"
_MARKER: Final = "cbookinlinetext"


def markdown_inlines(texts: Sequence[str]) -> list[list[Json]]:
    """Pandoc's inlines for each text (a text must be one paragraph: no blank line)."""
    if not texts:
        return []
    for text in texts:
        if not text.strip() or "\n" in text:
            raise ValueError(f"not a one-line text of inline markup: {text[:60]!r}")
    ast = text_to_json("\n\n".join(f"{_MARKER} {text}" for text in texts), READER)
    paragraphs = ast["blocks"]
    if len(paragraphs) != len(texts):
        raise ValueError(f"{len(texts)} texts came back as {len(paragraphs)} blocks")
    out: list[list[Json]] = []
    for text, block in zip(texts, paragraphs, strict=True):
        inlines = block.get("c") if block.get("t") == "Para" else None
        if not inlines or inlines[0] != {"t": "Str", "c": _MARKER}:
            raise ValueError(f"this text is not inline markup: {text[:60]!r}")
        rest = inlines[1:]
        out.append(rest[1:] if rest and rest[0].get("t") == "Space" else rest)
    return out
