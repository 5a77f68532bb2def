"""The demo library people can open: real files made at load time, links, citations from
the book, and a keyword box that searches titles, summaries, authors and tags."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.config import Settings
from cbook.demo.handouts import HANDOUTS
from cbook.demo.loader import load_demo
from cbook.library.files import FileStore
from cbook.library.models import Resource
from tests.support import PASSWORD


@pytest.fixture
def demo_with_files(session: Session, settings: Settings) -> Session:
    """The demo, loaded with its files into the test instance's library store."""
    load_demo(session, PASSWORD, files=FileStore.for_instance(settings.instance))
    session.commit()
    return session


def test_demo_resources_open_as_files_or_links(
        demo_with_files: Session, client: FlaskClient) -> None:
    resources = demo_with_files.scalars(select(Resource).order_by(Resource.id)).all()
    assert len(resources) == 13
    assert all(r.url or r.file_stored_name for r in resources)
    names = {h["file_name"]: h["format"] for h in HANDOUTS}
    with_files = [r for r in resources if r.file_stored_name]
    assert {r.file_name for r in with_files} == set(names)
    for resource in with_files:
        page = client.get(f"/library/{resource.id}").get_data(as_text=True)
        assert f'href="/library/{resource.id}/file"' in page
        download = client.get(f"/library/{resource.id}/file")
        assert download.status_code == 200
        assert resource.file_name in download.headers["Content-Disposition"]
        body = download.get_data()
        download.close()  # send_file streams from an open file
        if names[str(resource.file_name)] == "pdf":
            assert body.startswith(b"%PDF-") and len(body) > 5_000
        else:
            document = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
            assert "barrier" in document.lower() or "leaders" in document.lower()
    canvas = next(r for r in resources if r.title == "Barrier-to-enabler canvas")
    assert canvas.file_type == "docx"
    webinar = next(r for r in resources if r.title.startswith("Webinar: reclaiming"))
    page = client.get(f"/library/{webinar.id}").get_data(as_text=True)
    assert f'href="{webinar.url}"' in page and webinar.url.startswith("https://")


def test_the_book_cites_the_library_and_resource_pages_say_where(
        demo_with_files: Session, client: FlaskClient) -> None:
    by_title = {r.title: r for r in demo_with_files.scalars(select(Resource))}
    canvas = by_title["Barrier-to-enabler canvas"]
    page = client.get(f"/library/{canvas.id}").get_data(as_text=True)
    cited = re.findall(r'<li><a href="(/sections/\d+#b-[^"]+)">([^<]+)</a></li>', page)
    titles = [title for _, title in cited]
    assert "Tools and guidance \u203a The barrier-to-enabler canvas" in titles
    assert "Vision: why a Culture Book \u203a How to use this book" in titles
    section = client.get(cited[0][0].split("#")[0]).get_data(as_text=True)
    assert f'<a class="resource-ref" href="/library/{canvas.id}">' in section
    cited_somewhere = [r for r in by_title.values()
                       if "Not cited in the book yet" not in client.get(
                           f"/library/{r.id}").get_data(as_text=True)]
    assert len(cited_somewhere) >= 5


def test_the_keyword_box_searches_titles_summaries_authors_and_tags(
        demo_session: Session, client: FlaskClient) -> None:
    # Without files: the filter reads the database only.

    def listed(query: str) -> list[str]:
        html = client.get(f"/library?{query}").get_data(as_text=True)
        return re.findall(r'<a href="/library/\d+">([^<]+)</a>', html)

    assert listed("q=canvas") == ["Barrier-to-enabler canvas"]  # title
    assert listed("q=NEIGHBOURHOOD") == ["Webinar: community power in a neighbourhood"]
    assert "Barrier-to-enabler canvas" in listed("q=red+tape")  # a tag
    by_trios = listed("q=trio+leads")  # every word, anywhere: here the authors
    assert "Blog series: notes from the trios" in by_trios
    assert "Case study: a new space for leaders who had never met" in by_trios
    assert listed("q=partnership+board") == ["Webinar: boards that face the system"]
    assert listed("q=webinar&audience=public") == [
        "Webinar: community power in a neighbourhood"]
    html = client.get("/library?q=100%25").get_data(as_text=True)
    assert "Nothing matches this search and these filters." in html  # "%" is no wildcard
    assert "0 resources match “100%”" in html
    assert client.get("/library?q=" + "x" * 201).status_code == 400
    assert 'value="canvas"' in client.get("/library?q=canvas").get_data(as_text=True)
