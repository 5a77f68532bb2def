"""Citing library resources from sections: checked steps, reader links, "Cited in" lists."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Section
from cbook.editor.models import DocumentStep
from cbook.editor.render import render_html
from cbook.library import service as library
from cbook.library.citations import citation_rows
from cbook.library.models import PublishedCitation, Resource
from cbook.roles import Role
from tests.support import api_token, count_queries, make_user

TEXT = "Boards listen to communities."


def ref(resource_id: Any, title: Any = "A report") -> dict[str, Any]:
    """A resource_ref node citing ``resource_id``."""
    return {"type": "resource_ref", "attrs": {"resource": resource_id, "title": title}}


def insert(pos: int, *nodes: dict[str, Any]) -> dict[str, Any]:
    return {"stepType": "replace", "from": pos, "to": pos, "slice": {"content": list(nodes)}}


class Desk:
    """A published-able section, two resources, and an editor's API token."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        self.client, self.session = client, session
        self.admin = make_user(session, Role.ADMIN)
        self.editor = make_user(session, Role.EDITOR)
        self.report = library.add_resource(session, self.admin, title="Boards <that> listen",
                                           kind="report")
        self.video = library.add_resource(session, self.admin, title="A video", kind="video")
        book = books.create_book(session, self.admin, title="Book")
        chapter = books.create_chapter(session, self.admin, book, title="Listening")
        doc = {"type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                           "content": [{"type": "text", "text": TEXT}]}]}
        self.section = books.create_section(session, self.admin, chapter, title="Boards",
                                            doc=doc)
        session.commit()
        self.report_id, self.video_id = self.report.id, self.video.id
        self.headers = api_token(session, self.editor)
        self.url = f"/api/v1/sections/{self.section.id}"

    def post(self, version: int, steps: list[Any]) -> Any:
        return self.client.post(f"{self.url}/steps", headers=self.headers,
                                json={"version": version, "steps": steps, "clientID": "c1"})

    def doc(self) -> dict[str, Any]:
        body: dict[str, Any] = self.client.get(self.url, headers=self.headers).get_json()
        return body["doc"]

    def section_now(self) -> Section:
        self.session.expire_all()
        found = self.session.get(Section, self.section.id)
        assert found is not None
        return found

    def admin_now(self) -> User:
        found = self.session.get(User, self.admin.id)
        assert found is not None
        return found

    def publish(self) -> None:
        books.publish_section(self.session, self.admin_now(), self.section_now())
        self.session.commit()

    def unpublish(self) -> None:
        books.unpublish_section(self.session, self.admin_now(), self.section_now())
        self.session.commit()

    def cited_in(self, resource_id: int) -> list[dict[str, Any]]:
        body = self.client.get(f"/api/v1/resources/{resource_id}").get_json()
        cited: list[dict[str, Any]] = body["cited_in"]
        return cited

    def library_page(self, resource_id: int) -> str:
        response = self.client.get(f"/library/{resource_id}")
        assert response.status_code == 200
        return response.get_data(as_text=True)


@pytest.fixture
def citing(client: FlaskClient, session: Session) -> Desk:
    return Desk(client, session)


def test_a_cited_resource_is_stored_and_links_to_the_library_when_published(
    citing: Desk,
) -> None:
    response = citing.post(0, [insert(8, ref(citing.report_id, "Boards <that> listen"))])
    assert response.status_code == 200, response.get_json()
    cited = citing.doc()["content"][0]["content"][1]
    assert cited == {"type": "resource_ref",
                     "attrs": {"resource": citing.report_id, "title": "Boards <that> listen"}}

    citing.publish()
    html = citing.client.get(f"/sections/{citing.section.id}").get_data(as_text=True)
    assert (f'Boards <a class="resource-ref" href="/library/{citing.report_id}">'
            "Boards &lt;that&gt; listen</a>listen to") in html


def test_citing_a_resource_that_does_not_exist_is_refused_and_nothing_is_stored(
    citing: Desk,
) -> None:
    missing = citing.video_id + 1000
    response = citing.post(0, [insert(1, {"type": "text", "text": "kept? "}),
                             insert(1, ref(citing.report_id)), insert(1, ref(missing))])
    assert response.status_code == 422
    body = response.get_json()
    assert str(missing) in body["error"]
    assert body["detail"] == [missing]
    assert citing.session.scalar(select(func.count()).select_from(DocumentStep)) == 0
    assert citing.doc()["content"][0]["content"] == [{"type": "text", "text": TEXT}]


@pytest.mark.parametrize(("attrs", "status"), [
    ({"resource": "1", "title": "x"}, 400),
    ({"resource": True, "title": "x"}, 400),
    ({"resource": 0, "title": "x"}, 400),
    ({"resource": 2**40, "title": "x"}, 400),
    ({"resource": "REPORT", "title": "x" * 301}, 400),
    ({"resource": "REPORT", "title": ["x"]}, 400),
])
def test_malformed_citations_are_refused(citing: Desk, attrs: dict[str, Any],
                                         status: int) -> None:
    if attrs["resource"] == "REPORT":
        attrs = {**attrs, "resource": citing.report_id}
    response = citing.post(0, [insert(1, {"type": "resource_ref", "attrs": attrs})])
    assert response.status_code == status, response.get_json()
    assert citing.session.scalar(select(func.count()).select_from(DocumentStep)) == 0


def test_changing_the_cited_resource_is_checked_too(citing: Desk) -> None:
    assert citing.post(0, [insert(1, ref(citing.report_id))]).status_code == 200
    bad = citing.post(1, [{"stepType": "attr", "pos": 1, "attr": "resource", "value": 99_999}])
    assert bad.status_code == 422
    good = citing.post(1, [{"stepType": "attr", "pos": 1, "attr": "resource",
                          "value": citing.video_id}])
    assert good.status_code == 200, good.get_json()
    assert citing.doc()["content"][0]["content"][0]["attrs"]["resource"] == citing.video_id


def test_a_batch_citing_many_resources_looks_them_up_in_one_query(
    app: Flask, citing: Desk,
) -> None:
    steps = [insert(1, ref(citing.report_id)), insert(1, ref(citing.video_id)),
             insert(1, ref(citing.report_id))]
    with count_queries(app.extensions["cbook.engine"]) as statements:
        assert citing.post(0, steps).status_code == 200
    lookups = [s for s in statements if "FROM resources" in s]
    assert len(lookups) == 1, lookups


def test_cited_in_follows_publishing_unpublishing_and_deleting_the_section(
    citing: Desk,
) -> None:
    # Cited twice in one block and once in a new one: the section is listed once, at the
    # first citing block.
    assert citing.post(0, [
        insert(1, ref(citing.report_id), ref(citing.report_id)),
        {"stepType": "replace", "from": 33, "to": 33, "slice": {"content": [
            {"type": "paragraph", "attrs": {"id": "p2"}, "content": [ref(citing.report_id)]}]}},
    ]).status_code == 200
    page = citing.library_page(citing.report_id)
    assert "Not cited in the book yet." in page  # only a draft cites it
    assert citing.cited_in(citing.report_id) == []

    citing.publish()
    page = citing.library_page(citing.report_id)
    assert "Cited in" in page and "Not cited in the book yet." not in page
    assert f'<a href="/sections/{citing.section.id}#b-p1">Listening \u203a Boards</a>' in page
    assert citing.cited_in(citing.report_id) == [{
        "section_id": citing.section.id, "title": "Boards", "chapter": "Listening",
        "url": f"/sections/{citing.section.id}#b-p1"}]
    assert citing.cited_in(citing.video_id) == []
    rows = citing.session.scalars(select(PublishedCitation.block_id)).all()
    assert sorted(rows) == ["p1", "p2"]

    citing.unpublish()
    assert citing.cited_in(citing.report_id) == []
    assert "Not cited in the book yet." in citing.library_page(citing.report_id)

    citing.publish()
    assert len(citing.cited_in(citing.report_id)) == 1
    books.delete_section(citing.session, citing.admin_now(), citing.section_now())
    citing.session.commit()
    assert citing.cited_in(citing.report_id) == []
    assert citing.session.scalar(select(func.count()).select_from(PublishedCitation)) == 0


def test_a_deleted_resource_stays_in_the_text_as_its_title_without_a_link(
    citing: Desk,
) -> None:
    assert citing.post(0, [insert(1, ref(citing.report_id, "Boards report"),
                                ref(citing.video_id, "A video"))]).status_code == 200
    citing.publish()
    response = citing.client.delete(f"/api/v1/resources/{citing.report_id}", headers=citing.headers)
    assert response.status_code == 204
    assert citing.session.scalar(select(func.count()).select_from(PublishedCitation)) == 1

    html = citing.client.get(f"/sections/{citing.section.id}").get_data(as_text=True)
    assert '<span class="resource-ref">Boards report</span>' in html
    assert f'href="/library/{citing.report_id}"' not in html
    assert f'<a class="resource-ref" href="/library/{citing.video_id}">A video</a>' in html
    # The citation is still in the text (drafts and published), and publishing again works.
    assert citing.doc()["content"][0]["content"][0]["attrs"]["resource"] == citing.report_id
    citing.publish()
    assert citing.session.scalars(select(PublishedCitation.resource_id)).all() == [citing.video_id]
    # A new citation of it is refused, though.
    assert citing.post(1, [insert(1, ref(citing.report_id))]).status_code == 422
    assert citing.session.get(Resource, citing.report_id) is None


def test_rendering_a_citation_escapes_it_and_never_nests_links() -> None:
    link = {"type": "link", "attrs": {"href": "https://example.org/"}}
    doc = {"type": "doc", "content": [{"type": "paragraph", "content": [
        {**ref(7, '"><script>x</script>'), "marks": [{"type": "strong"}]},
        {**ref(8, "Linked"), "marks": [link]},
        ref(9, ""),
        ref("9", "Not an id"),
    ]}]}
    html = str(render_html(doc))
    assert ('<strong><a class="resource-ref" href="/library/7">'
            "&#34;&gt;&lt;script&gt;x&lt;/script&gt;</a></strong>") in html
    assert ('<a href="https://example.org/" rel="noopener noreferrer">'
            '<span class="resource-ref">Linked</span></a>') in html
    assert '<a class="resource-ref" href="/library/9">Library resource 9</a>' in html
    assert '<span class="resource-ref">Not an id</span>' in html
    assert 'href="/library/7"' not in str(render_html(doc, resources={8, 9}))


def test_citation_rows_come_from_the_innermost_block_with_an_id() -> None:
    doc = {"type": "doc", "content": [
        {"type": "bullet_list", "attrs": {"id": "list"}, "content": [
            {"type": "list_item", "attrs": {"id": None}, "content": [
                {"type": "paragraph", "attrs": {"id": "item"}, "content": [ref(3)]}]}]},
        {"type": "paragraph", "attrs": {"id": None}, "content": [ref(4), ref(3)]},
    ]}
    assert citation_rows(5, doc) == [
        {"section_id": 5, "resource_id": 3, "block_id": "item", "position": 0},
        {"section_id": 5, "resource_id": 4, "block_id": "", "position": 1},
        {"section_id": 5, "resource_id": 3, "block_id": "", "position": 2},
    ]
