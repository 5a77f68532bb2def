"""Fonts for books written in Arabic script, shipped with the site (``static/fonts``,
from Debian's fonts-noto-core): Naskh for Arabic and its neighbours, Nastaliq for Urdu.

EPUB editions of such books embed them (a reader's device may have no Arabic font);
PDFs hand the folder to typst, whose own fonts have no Arabic letters.
"""

from __future__ import annotations

from pathlib import Path

from cbook.resources import PACKAGE_DIR

FONT_DIR = PACKAGE_DIR / "static" / "fonts"
NASKH = "Noto Naskh Arabic"
NASTALIQ = "Noto Nastaliq Urdu"
_FILES = {NASKH: "NotoNaskhArabic", NASTALIQ: "NotoNastaliqUrdu"}
# Languages written in Arabic script; Urdu (and Punjabi's Shahmukhi) set in Nastaliq.
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ps", "sd", "ckb", "ug", "ur", "pnb", "ks"})
_NASTALIQ = frozenset({"ur", "pnb", "ks"})


def script_font(language: str) -> str | None:
    """The family a book in ``language`` is set in, or None for other scripts."""
    primary = (language or "").split("-")[0].lower()
    if primary not in _ARABIC_SCRIPT:
        return None
    return NASTALIQ if primary in _NASTALIQ else NASKH


def font_files(family: str) -> list[Path]:
    """The regular and bold files of ``family``."""
    return [FONT_DIR / f"{_FILES[family]}-{weight}.ttf" for weight in ("Regular", "Bold")]


def epub_css(family: str) -> str:
    """Style rules that use the embedded ``family`` for the book's text (pandoc puts
    embedded fonts in the EPUB's ``fonts/`` folder, beside ``styles/``)."""
    faces = "".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("../fonts/{path.name}"); }}\n'
        for path, weight in zip(font_files(family), (400, 700), strict=True))
    leading = "2.1" if family == NASTALIQ else "1.7"
    return (faces + f'body, h1, h2, h3, h4, h5 {{ font-family: "{family}", serif; }}\n'
            f"body {{ line-height: {leading}; }}\n")


def web_font_css(family: str, folder: str) -> str:
    """Style rules for a web page that use ``family`` from the font files in ``folder``
    (a path relative to the stylesheet, ending in ``/``), for text and headings alike."""
    faces = "".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-display: swap; '
        f'src: url("{folder}{path.name}") format("truetype"); }}\n'
        for path, weight in zip(font_files(family), (400, 700), strict=True))
    leading = "2.1" if family == NASTALIQ else "1.7"
    return (f"/* The book's script, in fonts shipped with the edition. */\n{faces}"
            f'body, h1, h2, h3, h4, h5, h6, .site-header, .crumbs, .pager {{ '
            f'font-family: "{family}", serif; }}\n'
            f"body {{ line-height: {leading}; }}\n"
            '[dir="ltr"] { font-family: Georgia, "Times New Roman", serif; line-height: 1.6; }\n')
