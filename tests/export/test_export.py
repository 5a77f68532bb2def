"""Editions as files: EPUBCheck-clean EPUB, Word, Markdown; audiences; atomic writes; CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cbook.books.models import Book
from cbook.export.edition import EditionOptions, gather
from cbook.pandoc import run as pandoc_run
from tests.cli.helpers import assert_one_line_error, run
from tests.export.helpers import export, poppler

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


def epubcheck(path: Path) -> str:
    """EPUBCheck's report; skips without it (but fails under CI, which installs it)."""
    java = shutil.which("java")
    if java is None or not EPUBCHECK_JAR.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("EPUBCheck is missing (apt-get install epubcheck)")
        pytest.skip("EPUBCheck is not installed (apt-get install epubcheck)")
    done = subprocess.run([java, "-jar", str(EPUBCHECK_JAR), str(path)], capture_output=True,
                          text=True, timeout=180, check=False)
    return done.stdout + done.stderr


def assert_epub_clean(path: Path) -> None:
    report = epubcheck(path)
    assert "0 fatals / 0 errors / 0 warnings" in report, report


def test_demo_book_epub_passes_epubcheck(session: Session, demo_book: Book, tmp_path: Path) -> None:
    path = export(session, demo_book, "epub", tmp_path)
    assert_epub_clean(path)
    with zipfile.ZipFile(path) as epub:
        opf = epub.read("EPUB/content.opf").decode()
        assert "schema:accessibilitySummary" in opf and "<dc:language>en" in opf
        assert "EPUB/nav.xhtml" in epub.namelist()


def test_awkward_book_epub_passes_epubcheck(session: Session, awkward_book: Book,
                                            tmp_path: Path) -> None:
    path = export(session, awkward_book, "epub", tmp_path)
    assert_epub_clean(path)
    with zipfile.ZipFile(path) as epub:
        pages = "".join(epub.read(n).decode() for n in epub.namelist()
                        if n.endswith(".xhtml"))
    assert "שלום עולם" in pages and "🎉" in pages
    assert 'class="callout barrier"' in pages and "Only for boards" in pages


def markdown_files(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_an_audience_edition_leaves_out_what_is_for_others(
        session: Session, awkward_book: Book, tmp_path: Path) -> None:
    everyone = "".join(markdown_files(export(session, awkward_book, "markdown", tmp_path)).values())
    assert "Only for boards" in everyone
    (tmp_path / "out.zip").unlink()
    staff_only = "".join(markdown_files(
        export(session, awkward_book, "markdown", tmp_path, audience="staff")).values())
    assert "Only for boards" not in staff_only
    assert "Everything at once" in staff_only and "Principles index" in staff_only


def test_markdown_edition_is_a_file_per_section_with_front_matter(
        session: Session, demo_book: Book, tmp_path: Path) -> None:
    files = markdown_files(export(session, demo_book, "markdown", tmp_path))
    content = gather(session, demo_book, EditionOptions())
    sections = [s for chapter in content.chapters for s in chapter.sections]
    section_files = [n for n in files if n.count("/") == 2]
    assert len(section_files) == len(sections)
    readme = files[f"{demo_book.slug}/README.md"]
    for name in section_files:
        text = files[name]
        assert text.startswith("---\ntitle: "), name
        assert name.split("/", 1)[1] in readme  # the contents links to every file
        assert "::: {#" not in text.replace("::: {#s", "")  # only callouts stay fenced
    principles_index = files[f"{demo_book.slug}/principles.md"]
    links = re.findall(r"\]\(([^)]+)\)", principles_index)
    assert links and all(f"{demo_book.slug}/{link}" in files for link in links)


def test_word_edition_has_titles_headings_and_callout_styles(
        session: Session, awkward_book: Book, tmp_path: Path) -> None:
    path = export(session, awkward_book, "docx", tmp_path)
    with zipfile.ZipFile(path) as docx:
        body = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
    assert "Everything at once" in body and "Chapter one" in body
    # Callout paragraphs carry their own style, defined with the barrier's shading.
    assert 'pStyle w:val="CalloutBarrier"' in body
    barrier = styles[styles.index('w:styleId="CalloutBarrier"'):]
    assert 'w:fill="FBEAEA"' in barrier[:barrier.index("</w:style>")]


@pytest.mark.parametrize(("paper", "width"), [("a4", 595), ("a5", 419)])
def test_demo_pdf_has_every_section_page_numbers_and_embedded_fonts(
        session: Session, demo_book: Book, tmp_path: Path, paper: str, width: int) -> None:
    path = export(session, demo_book, "pdf", tmp_path, paper=paper)
    words = " ".join(poppler("pdftotext", str(path), "-").split())
    content = gather(session, demo_book, EditionOptions())
    for chapter in content.chapters:
        for section in chapter.sections:
            assert " ".join(section.title.split()) in words, section.title
    assert "Contents" in words
    info = poppler("pdfinfo", str(path))
    assert f"Page size:       {width}." in info
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded
    # Running headers: the book title heads a page that is not a chapter opening.
    printed = poppler("pdftotext", str(path), "-").split("\f")
    chapters = [c.title for c in content.chapters]
    headed = [page for page in printed[2:] if page.lstrip().startswith(demo_book.title)]
    assert len(headed) >= 3
    # Each chapter opens a page of its own, with no running header above its title.
    openings = [page for page in printed
                if " ".join(page.split()).startswith(tuple(chapters))]
    assert len(openings) == len(chapters)


def test_pdf_for_one_audience_leaves_out_text_for_others(
        session: Session, awkward_book: Book, tmp_path: Path) -> None:
    staff = export(session, awkward_book, "pdf", tmp_path, audience="staff", paper="a5")
    words = poppler("pdftotext", str(staff), "-")
    assert "Everything at once" in words and "Barrier:" in words
    assert "Only for boards" not in words
    (tmp_path / "out.pdf").unlink()
    everyone = poppler("pdftotext", str(export(session, awkward_book, "pdf", tmp_path)), "-")
    assert "Only for boards" in everyone


def test_a_failed_or_timed_out_pandoc_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "book.epub"
    book = "\n\n".join(f"# Chapter {n}\n\n" + "Many words here. " * 2000 for n in range(20))
    with pytest.raises(pandoc_run.ConversionFailed, match="longer than"):
        pandoc_run.run_pandoc(book, "epub3", target, timeout=0.05, source_format="markdown")
    with pytest.raises(pandoc_run.ConversionFailed, match="could not write"):
        pandoc_run.run_pandoc("{not json", "epub3", target)
    assert list(tmp_path.iterdir()) == []  # no book, no partial file
    pandoc_run.run_pandoc("# Fine", "epub3", target, source_format="markdown")
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


def test_cbook_export(env: dict[str, str], tmp_path: Path) -> None:
    assert run("init", "--demo", env=env).returncode == 0
    target = tmp_path / "book.epub"
    done = run("export", "pushing-what-moves", "--format", "epub", "-o", str(target), env=env)
    assert done.returncode == 0, done.stderr
    assert "100%" in done.stderr and zipfile.is_zipfile(target)
    assert_one_line_error(run("export", "no-such-book", "--format", "epub", "-o",
                              str(target), env=env), "no such book")
    assert_one_line_error(run("export", "pushing-what-moves", "--format", "epub",
                              "--audience", "martians", "-o", str(target), env=env),
                          "no audience")
    assert run("export", "pushing-what-moves", "--format", "odt", "-o", str(target),
               env=env).returncode == 2
    # The demo's Urdu translation: sections not translated yet in English, or left out.
    sizes = {}
    for choice in ("source", "omit"):
        urdu = tmp_path / f"urdu-{choice}.epub"
        made = run("export", "pushing-what-moves-ur", "--format", "epub", "--untranslated",
                   choice, "-o", str(urdu), env=env)
        assert made.returncode == 0, made.stderr
        with zipfile.ZipFile(urdu) as edition:
            sizes[choice] = sum(len(edition.read(name)) for name in edition.namelist()
                                if name.endswith(".xhtml"))
    assert sizes["omit"] < sizes["source"] / 2  # 3 sections of 25 against all of them
