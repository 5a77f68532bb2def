"""Each export format: the pandoc writer and options that make a good book of it.

Formats built here so far: ``epub`` (EPUB 3 with navigation, language, accessibility
metadata and our stylesheet), ``pdf`` (pandoc to typst, compiled by the typst package:
contents, page numbers, running headers, embedded fonts, A4 or A5), ``docx``,
``markdown``, ``web`` (a static site, zipped: see ``website``) and ``blog`` (a dated post
per chapter or section with an Atom feed, zipped: see ``blog``): every format named in the
interface contract.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cbook.errors import InvalidInput
from cbook.export.bidi import docx_languages, typst_languages
from cbook.export.blog import write_blog
from cbook.export.chrome import chrome_language
from cbook.export.edition import EditionContent, EditionOptions, build
from cbook.export.markdown_files import write_markdown_files
from cbook.export.script_fonts import FONT_DIR, NASKH, NASTALIQ, epub_css, font_files, script_font
from cbook.export.website import write_web
from cbook.export.word_styles import NOTICE_STYLE, reference_docx
from cbook.languages import DEFAULT
from cbook.pandoc.ast_out import Json, meta_value
from cbook.pandoc.run import ConversionFailed, pandoc_path, run_pandoc, run_typst
from cbook.resources import PACKAGE_DIR

ASSETS = PACKAGE_DIR / "export" / "assets"
CONTRACT_FORMATS = ("web", "epub", "pdf", "docx", "blog", "markdown")
ACCESSIBILITY = {
    "accessModes": ["textual"],
    "accessModeSufficient": ["textual"],
    "accessibilityFeatures": ["structuralNavigation", "tableOfContents", "readingOrder",
                              "alternativeText"],
    "accessibilityHazards": ["none"],
    "accessibilitySummary": "Text with headings, a table of contents and described images.",
}


@dataclass(frozen=True)
class Format:
    """How to write one format."""

    name: str
    suffix: str
    media_type: str
    write: Callable[[EditionContent, EditionOptions, Path], None]


def _contents_args(options: EditionOptions) -> list[str]:
    if options.contents_depth <= 0:
        return []
    return ["--toc", f"--toc-depth={min(options.contents_depth, 3)}"]


def _with_meta(ast: Json, **values: Any) -> Json:
    for key, value in values.items():
        ast["meta"][key] = meta_value(value)
    return ast


# Right-to-left books: callouts ruled on the side the text starts from.
RTL_EPUB_CSS = ".callout { border-left-width: 0; border-right: 0.35em solid #555; }\n"


def _epub_template(folder: Path) -> Path:
    """Pandoc's own EPUB 3 template, with the book's direction on every page's ``html``
    (pandoc writes its ``lang`` there, but not ``dir``)."""
    found = subprocess.run(  # noqa: S603 - a fixed binary, no shell
        [pandoc_path(), "--print-default-template=epub3"], capture_output=True, timeout=60,
        check=False)
    lang = '$if(lang)$ lang="$lang$" xml:lang="$lang$"$endif$'
    template = found.stdout.decode("utf-8")
    if found.returncode != 0 or lang not in template:
        raise ConversionFailed("pandoc could not provide its EPUB template")
    target = folder / "epub3.xhtml"
    target.write_text(template.replace(lang, lang + '$if(dir)$ dir="$dir$"$endif$', 1),
                      encoding="utf-8")
    return target


def _contents_title(content: EditionContent, ast: Json) -> None:
    """The contents headed in the book's language (English books keep pandoc's words)."""
    if chrome_language(content.language) != DEFAULT:
        _with_meta(ast, **{"toc-title": content.words["contents"]})


def write_epub(content: EditionContent, options: EditionOptions, output: Path) -> None:
    """EPUB 3: one file per chapter, navigation, language and accessibility metadata;
    a right-to-left book's pages turn right to left."""
    ast, _ = build(content, options)
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'cbook:' + content.slug)}"
    _with_meta(ast, identifier=identifier, **ACCESSIBILITY)
    _contents_title(content, ast)
    args = [*_contents_args(options), "--split-level=1",
            f"--css={ASSETS / 'epub.css'}", "--standalone"]
    if content.cover:
        args.append(f"--epub-cover-image={content.cover}")
    if not options.title_page:
        args.append("--epub-title-page=false")
    family = script_font(content.language)
    with tempfile.TemporaryDirectory(prefix="cbook-epub-") as folder:
        if content.direction == "rtl":
            _with_meta(ast, **{"page-progression-direction": "rtl"})
            css = Path(folder) / "rtl.css"
            css.write_text(RTL_EPUB_CSS, encoding="utf-8")
            args += [f"--css={css}", f"--template={_epub_template(Path(folder))}",
                     "--variable=dir=rtl"]
        if family is not None:
            css = Path(folder) / "script.css"
            css.write_text(epub_css(family), encoding="utf-8")
            args.append(f"--css={css}")
            args += [f"--epub-embed-font={path}" for path in font_files(family)]
        run_pandoc(ast, "epub3", output, args)


def _typst_callouts(blocks_: list[Json]) -> list[Json]:
    """Callout Divs as calls of the template's ``callout`` function, so typst styles them."""
    out: list[Json] = []
    for item in blocks_:
        if item.get("t") == "Div":
            identifier, classes, _pairs = item["c"][0]
            inner = _typst_callouts(item["c"][1])
            if "callout" in classes:
                kind = next((c for c in classes if c != "callout"), "tool")
                safe_kind = "".join(ch for ch in kind if ch.isalnum()) or "tool"
                out.append({"t": "RawBlock", "c": ["typst", f'#callout(kind: "{safe_kind}")[']})
                out.extend(inner)
                # Keep the passage's label: the principles index links to it.
                label = f" <{identifier}>" if identifier else ""
                out.append({"t": "RawBlock", "c": ["typst", f"]{label}"]})
                continue
            item = {"t": "Div", "c": [item["c"][0], inner]}
        elif item.get("t") in ("BlockQuote",):
            item = {"t": item["t"], "c": _typst_callouts(item["c"])}
        out.append(item)
    return out


def _typst_index(blocks_: list[Json]) -> list[Json]:
    """Each principles-index entry followed by the page its passage is printed on."""
    out: list[Json] = []
    in_index = False
    for item in blocks_:
        if item.get("t") == "Header":
            in_index = (item["c"][0] > 1 and in_index) or item["c"][1][0] == "principles-index"
        elif in_index and item.get("t") == "BulletList":
            item = {"t": "BulletList", "c": [_with_page(entry) for entry in item["c"]]}
        out.append(item)
    return out


def _with_page(entry: list[Json]) -> list[Json]:
    if len(entry) != 1 or entry[0].get("t") != "Plain":
        return entry
    inlines = entry[0]["c"]
    target = inlines[0]["c"][2][0] if inlines and inlines[0].get("t") == "Link" else ""
    label = target[1:]
    if not target.startswith("#") or not label or not all(
            ch.isalnum() or ch in "-_" for ch in label):
        return entry
    return [{"t": "Plain", "c": [*inlines,
                                 {"t": "RawInline", "c": ["typst", f"#index-page(<{label}>)"]}]}]


def write_pdf(content: EditionContent, options: EditionOptions, output: Path) -> None:
    """PDF through typst: our template, then the typst compiler in a child process."""
    ast, _ = build(content, options)
    ast["blocks"] = _typst_index(typst_languages(_typst_callouts(ast["blocks"])))
    # The template's own words, as metadata: pandoc escapes it for typst.
    _with_meta(ast, **{"contents-title": content.words["contents"],
                       "contributors-title": content.words["contributors"]})
    args = ["--standalone", f"--template={ASSETS / 'book.typ'}",
            f"--variable=papersize={options.paper}"]
    if options.contents_depth > 0:
        args += ["--toc", f"--variable=toc-depth={min(options.contents_depth, 3)}"]
    if options.title_page:
        args.append("--variable=title-page=true")
    # Libertinus has no Arabic letters: typst falls back, letter by letter, to these.
    family = script_font(content.language)
    args.append(f"--variable=script-font={family or NASKH}")
    if family == NASTALIQ:
        args.append("--variable=tall-script=true")
    with tempfile.TemporaryDirectory(prefix="cbook-pdf-") as folder:
        source = Path(folder) / "book.typ"
        if content.cover:
            # typst reads files only below its root, the temporary folder.
            cover = Path(content.cover)
            shutil.copyfile(cover, Path(folder) / f"cover{cover.suffix}")
            args.append(f"--variable=cover=cover{cover.suffix}")
        run_pandoc(ast, "typst", source, args)
        run_typst(source, output, fonts=FONT_DIR)


def write_docx(content: EditionContent, options: EditionOptions, output: Path) -> None:
    """Word: headings as Word headings, callouts as their own paragraph styles."""
    ast, _ = build(content, options)
    ast["blocks"] = docx_languages(ast["blocks"], NOTICE_STYLE)
    _contents_title(content, ast)
    with tempfile.TemporaryDirectory(prefix="cbook-docx-") as folder:
        reference = reference_docx(Path(folder))
        run_pandoc(ast, "docx", output, [*_contents_args(options), "--standalone",
                                         f"--reference-doc={reference}"])


def write_markdown(content: EditionContent, options: EditionOptions, output: Path) -> None:
    """The whole book as one Pandoc Markdown file (callouts as fenced divs); the
    ``markdown`` format itself is a zip of files, see ``markdown_files``."""
    ast, _ = build(content, options)
    run_pandoc(ast, "markdown", output, ["--standalone", "--wrap=none"])


FORMATS: dict[str, Format] = {
    "epub": Format("epub", ".epub", "application/epub+zip", write_epub),
    "docx": Format("docx", ".docx",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   write_docx),
    "markdown": Format("markdown", ".zip", "application/zip", write_markdown_files),
    "pdf": Format("pdf", ".pdf", "application/pdf", write_pdf),
    "web": Format("web", ".zip", "application/zip", write_web),
    "blog": Format("blog", ".zip", "application/zip", write_blog),
}


def get_format(name: str) -> Format:
    """The format called ``name``, or InvalidInput saying which exist."""
    found = FORMATS.get(name)
    if found is None:
        if name in CONTRACT_FORMATS:
            raise InvalidInput(f"the {name} format is not built yet; available: "
                               + ", ".join(sorted(FORMATS)))
        raise InvalidInput(f"unknown format {name!r}; use one of: "
                           + ", ".join(CONTRACT_FORMATS))
    return found
