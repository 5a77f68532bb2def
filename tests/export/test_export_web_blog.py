"""The web edition (a static site, zipped) and the blog series (posts and an Atom feed)."""

from __future__ import annotations

import json
import posixpath
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books.models import Book
from cbook.export.edition import EditionOptions, gather
from cbook.export.models import ExportJob
from cbook.export.runner import get_runner
from cbook.library import service as library
from cbook.roles import Role
from tests.export.helpers import SLUG, export, fetch, para, queue, status, text
from tests.support import api_token, csrf_token, make_user, sign_in

SITE = "https://books.example.org/pushing"


class Page(HTMLParser):
    """The links, sources and ids of one HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # tag, attribute, value
        self.ids: set[str] = set()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in ("href", "src", "action"):
                self.links.append((tag, name, value))


def unzip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def broken_links(files: dict[str, bytes], pages: list[str]) -> list[str]:
    """Every relative link of ``pages`` that names no file, or no id in its target."""
    parsed = {name: Page(files[name].decode()) for name in files if name.endswith(".html")}
    broken = []
    for name in pages:
        for _tag, _attribute, value in parsed[name].links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("/"):
                continue  # external links are the text's own, checked below for assets
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name),
                                                       unquote(parts.path))) if parts.path \
                else name
            if target not in files:
                broken.append(f"{name}: {value}")
            elif parts.fragment and parts.fragment not in parsed[target].ids:
                broken.append(f"{name}: {value} (no such id)")
    return broken


def search_index(files: dict[str, bytes]) -> list[dict[str, str]]:
    script = files["web/search-index.js"].decode()
    prefix = "window.CBOOK_SEARCH_INDEX = "
    assert script.startswith(prefix) and script.rstrip().endswith(";")
    found: list[dict[str, str]] = json.loads(script[len(prefix):].rstrip().rstrip(";"))
    return found


def test_web_edition_is_a_whole_site_with_working_links_and_search(
        session: Session, demo_book: Book, tmp_path: Path) -> None:
    files = unzip(export(session, demo_book, "web", tmp_path))
    content = gather(session, demo_book, EditionOptions())
    assert all(name.startswith("web/") for name in files)
    pages = sorted(name for name in files if name.endswith(".html"))
    expected = {"web/index.html", "web/search.html", "web/principles/index.html"}
    for chapter in content.chapters:
        expected.add(f"web/chapter-{chapter.id}/index.html")
        expected.update(f"web/chapter-{chapter.id}/section-{s.id}.html"
                        for s in chapter.sections)
    assert expected <= set(pages)
    assert {"web/style.css", "web/search.js", "web/search-index.js"} <= set(files)
    principle_pages = [p for p in pages if p.startswith("web/principles/")
                       and not p.endswith("/index.html")]
    assert principle_pages  # the demo tags passages with principles
    assert broken_links(files, pages) == []
    for name in pages:
        page = Page(files[name].decode())
        # Nothing is loaded from elsewhere: styles, scripts and images are in the zip.
        assets = [v for tag, attribute, v in page.links
                  if attribute == "src" or (tag == "link" and attribute == "href")]
        assert not [v for v in assets if urlsplit(v).scheme or v.startswith("//")], name
        assert 'rel="stylesheet"' in files[name].decode(), name
    # Every principle page links to passages by the live reader's anchors.
    principle_page = files[principle_pages[0]].decode()
    assert re.search(r'href="\.\./chapter-\d+/section-\d+\.html#b-[\w-]+"', principle_page)
    # Sections come in reading order, each linking to the next.
    sections = [(c, s) for c in content.chapters for s in c.sections]
    first = files[f"web/chapter-{sections[0][0].id}/section-{sections[0][1].id}.html"].decode()
    nxt = sections[1]
    after = posixpath.relpath(f"chapter-{nxt[0].id}/section-{nxt[1].id}.html",
                              f"chapter-{sections[0][0].id}")
    assert f'rel="next" href="{after}"' in first
    # The search index lists every section, with its words.
    index = search_index(files)
    urls = {entry["url"]: entry for entry in index}
    for chapter, section in sections:
        entry = urls[f"chapter-{chapter.id}/section-{section.id}.html"]
        assert entry["title"] == section.title and len(entry["text"]) > 20
    search = files["web/search.html"].decode()
    assert '<script src="search-index.js"></script>' in search
    assert "fetch(" not in files["web/search.js"].decode()  # fetch() fails from file://
    css = files["web/style.css"].decode()
    assert ".callout.barrier { border-color: #b3261e; background: #fbeaea; }" in css


def test_web_edition_for_an_audience_leaves_out_what_is_for_others(
        session: Session, awkward_book: Book, tmp_path: Path) -> None:
    admin = make_user(session, Role.ADMIN, email="second-admin@test.example")
    chapter = awkward_book.chapters[0]
    boards = books.create_section(session, admin, chapter, title="Board <b>minutes</b> & co",
                                  doc={"type": "doc", "content": [
                                      para("bm", text("For the board only"))]})
    books.update_section(session, admin, boards, audiences=["boards"])
    books.publish_section(session, admin, boards)
    report = library.add_resource(session, admin, title="Boards <that> listen", kind="report",
                                  url="https://example.org/report")
    first_id = chapter.sections[0].id
    links = books.create_section(session, admin, chapter, title="Links", doc={
        "type": "doc", "content": [para("cite", text("See "), {
            "type": "resource_ref", "attrs": {"resource": report.id, "title": "the report"}},
            text(" and "), {"type": "text", "text": "the barrier", "marks": [
                {"type": "link", "attrs": {"href": f"/sections/{first_id}#b-c-barrier"}}]})]})
    books.publish_section(session, admin, links)
    session.commit()
    everyone = unzip(export(session, awkward_book, "web", tmp_path))
    resources = everyone["web/resources.html"].decode()
    assert "Boards &lt;that&gt; listen" in resources
    assert 'href="https://example.org/report"' in resources
    cites = everyone[f"web/chapter-{chapter.id}/section-{links.id}.html"].decode()
    assert f'href="../chapter-{chapter.id}/section-{first_id}.html#b-c-barrier"' in cites
    assert broken_links(everyone, [n for n in everyone if n.endswith(".html")]) == []
    page = f"web/chapter-{chapter.id}/section-{boards.id}.html"
    assert page in everyone
    shown = everyone[page].decode()
    assert "Board &lt;b&gt;minutes&lt;/b&gt; &amp; co" in shown and "<b>minutes" not in shown
    first = everyone[f"web/chapter-{chapter.id}/section-{chapter.sections[0].id}.html"].decode()
    assert 'class="callout barrier"' in first and "x&lt;y&amp;z" in first
    assert 'id="b-c-barrier"' in first and "Only for boards" in first
    (tmp_path / "out.zip").unlink()
    staff = unzip(export(session, awkward_book, "web", tmp_path, audience="staff"))
    assert page not in staff
    words = b"".join(staff.values()).decode()
    assert "For the board only" not in words and "Only for boards" not in words
    assert "Board &lt;b&gt;minutes" not in words and "Everything at once" in words
    assert broken_links(staff, [n for n in staff if n.endswith(".html")]) == []


def blog(session: Session, book: Book, tmp_path: Path, **options: Any) -> dict[str, bytes]:
    return unzip(export(session, book, "blog", tmp_path, **options))


def front_matter(markdown: str) -> dict[str, Any]:
    """The YAML front matter, read line by line (each value is a YAML date or JSON)."""
    assert markdown.startswith("---\n")
    head = markdown[4:markdown.index("\n---\n")]
    values: dict[str, Any] = {}
    for line in head.splitlines():
        key, value = line.split(": ", 1)
        values[key] = (date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d\d-\d\d", value)
                       else json.loads(value))
    return values


def test_blog_feed_has_a_dated_entry_per_chapter_linking_to_the_web_edition(
        session: Session, demo_book: Book, tmp_path: Path) -> None:
    files = blog(session, demo_book, tmp_path, blog_start="2025-03-03", blog_interval_days=14,
                 site_url=SITE)
    content = gather(session, demo_book, EditionOptions())
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == demo_book.title
    entries = feed.entries
    assert [e.title for e in entries] == [c.title for c in content.chapters]
    days = [date(*e.published_parsed[:3]) for e in entries]
    assert days == [date(2025, 3, 3) + timedelta(days=14 * n) for n in range(len(entries))]
    assert [date(*e.updated_parsed[:3]) for e in entries] == days
    assert [e.link for e in entries] == [f"{SITE}/chapter-{c.id}/index.html"
                                         for c in content.chapters]
    assert len({e.id for e in entries}) == len(entries)
    assert all(e.content[0].type == "text/html" for e in entries)
    first_section = content.chapters[0].sections[0]
    assert first_section.title in entries[0].content[0].value
    # Each post twice: Markdown with front matter, and a standalone page.
    posts = sorted(name for name in files if name.startswith("posts/"))
    assert len(posts) == 2 * len(entries)
    markdown = [files[n].decode() for n in posts if n.endswith(".md")]
    for number, (text_, chapter) in enumerate(zip(markdown, content.chapters, strict=True)):
        values = front_matter(text_)
        assert values["title"] == chapter.title
        assert values["date"] == days[number]
        assert values["canonical_url"] == f"{SITE}/chapter-{chapter.id}/index.html"
        assert isinstance(values["tags"], list)
        assert all(tag in {p[0] for p in content.principles} for tag in values["tags"])
    assert any(front_matter(t)["tags"] for t in markdown)
    assert posts[0].startswith("posts/2025-03-03-") and posts[0].endswith(".html")
    page = files[posts[0]].decode()
    assert f'href="{SITE}/chapter-{content.chapters[0].id}/index.html"' in page
    assert 'href="../feed.xml"' in page and "<style>" in page


def test_blog_by_section_has_a_post_per_section_and_relative_links_to_the_web_edition(
        session: Session, demo_book: Book, tmp_path: Path) -> None:
    content = gather(session, demo_book, EditionOptions())
    sections = [s for c in content.chapters for s in c.sections]
    files = blog(session, demo_book, tmp_path, blog_unit="section", blog_start="2024-12-30",
                 blog_interval_days=1)
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == [s.title for s in sections]
    assert len(feed.entries) > len(content.chapters)
    assert date(*feed.entries[2].published_parsed[:3]) == date(2025, 1, 1)
    assert feed.feed.id.startswith("tag:")
    assert all(e.id.startswith("tag:") for e in feed.entries)
    assert feed.entries[0].link.startswith("web/chapter-")
    # Unzipped beside the web edition, every relative link of every post works.
    web = unzip(export(session, demo_book, "web", tmp_path / "web"))
    together = {**web, **files}
    posts = [n for n in files if n.endswith(".html")]
    assert broken_links(together, posts) == []
    markdown = [files[n].decode() for n in files if n.endswith(".md")]
    assert all(front_matter(m)["canonical_url"].startswith("../web/chapter-")
               for m in markdown)


def test_blog_options_are_checked_over_the_api(
        app: Flask, client: FlaskClient, coordinator: dict[str, str],
        session: Session) -> None:
    bad = [{"blog_start": "2025-02-30"}, {"blog_start": "3 March"}, {"blog_start": 20250303},
           {"blog_interval_days": 0}, {"blog_interval_days": 366},
           {"blog_interval_days": True}, {"blog_unit": "paragraph"},
           {"site_url": "javascript:alert(1)"}, {"site_url": "ftp://example.org"},
           {"site_url": "https://user:pw@example.org"}, {"site_url": "https://"},
           {"site_url": 'https://example.org/"><script>'}]
    for options in bad:
        answer = queue(client, coordinator, format="blog", options=options)
        assert answer.status_code == 400, options
        assert "option" in json.dumps(answer.get_json()), options
    answer = queue(client, coordinator, format="blog", options={
        "blog_unit": "section", "blog_interval_days": 3, "site_url": SITE + "/"})
    assert answer.status_code == 202, answer.get_json()
    job = answer.get_json()
    stored = job["options"]
    assert stored["site_url"] == SITE and stored["blog_unit"] == "section"
    assert stored["blog_start"] == date.fromisoformat(stored["blog_start"]).isoformat()
    assert get_runner(app).run_pending() == 1
    done = status(client, job["id"])
    assert done["status"] == "done", done
    download = fetch(client, done["download_url"])
    assert download.mimetype == "application/zip"
    assert f"{SLUG}-blog.zip" in download.headers["Content-Disposition"]
    feed = feedparser.parse(zipfile.ZipFile(BytesIO(download.data)).read("feed.xml"))
    assert len(feed.entries) > 3 and feed.entries[0].link.startswith(SITE + "/chapter-")
    web = queue(client, coordinator, format="web").get_json()
    get_runner(app).run_pending()
    built = status(client, web["id"])
    assert built["status"] == "done"
    site = fetch(client, built["download_url"])
    assert f"{SLUG}-web.zip" in site.headers["Content-Disposition"]
    assert "web/index.html" in zipfile.ZipFile(BytesIO(site.data)).namelist()
    # The blog's options are checked for any format, but kept only for the blog.
    assert queue(client, coordinator, format="web",
                 options={"blog_interval_days": 0}).status_code == 400
    plain = queue(client, coordinator, format="web", options={"blog_start": "2025-01-01"})
    assert plain.status_code == 202 and plain.get_json()["options"] == {}
    # An empty start is today (UTC), fixed when the job is queued so the edition is too.
    before = datetime.now(UTC).date().isoformat()
    today = queue(client, coordinator, format="blog", options={"blog_start": ""}).get_json()
    assert today["options"]["blog_start"] in {before, datetime.now(UTC).date().isoformat()}


@pytest.mark.parametrize("who", ["anonymous", "author"])
def test_only_coordinators_queue_web_and_blog_editions(
        client: FlaskClient, session: Session, demo_book: Book, who: str) -> None:
    headers = {} if who == "anonymous" else api_token(session, make_user(session, Role.AUTHOR))
    answer = client.post(f"/api/v1/books/{SLUG}/exports", json={"format": "blog"},
                         headers=headers)
    assert answer.status_code in (401, 403)


def test_the_editions_page_queues_a_blog_series_with_its_options(
        client: FlaskClient, coordinator: dict[str, str], session: Session) -> None:
    make_user(session, Role.COORDINATOR, email="blogger@test.example")
    session.commit()
    sign_in(client, "blogger@test.example")
    page = client.get(f"/books/{SLUG}/exports").get_data(as_text=True)
    assert 'name="blog_interval_days"' in page and 'name="site_url"' in page
    form = {"csrf_token": csrf_token(client), "format": "blog", "audience": "", "paper": "a4",
            "contents_depth": "2", "blog_unit": "section", "blog_start": "2025-06-02",
            "blog_interval_days": "10", "site_url": SITE}
    assert client.post(f"/books/{SLUG}/exports", data=form).status_code == 303
    job = session.scalars(select(ExportJob).order_by(ExportJob.id.desc())).first()
    assert job is not None and job.format == "blog"
    assert {k: job.options[k] for k in ("blog_unit", "blog_start", "blog_interval_days",
                                        "site_url")} == {
        "blog_unit": "section", "blog_start": "2025-06-02", "blog_interval_days": 10,
        "site_url": SITE}
    refused = client.post(f"/books/{SLUG}/exports", data={
        **form, "csrf_token": csrf_token(client), "site_url": "https://a@b.example"})
    assert refused.status_code == 200 and "option site_url" in refused.get_data(as_text=True)
