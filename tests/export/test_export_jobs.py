"""Export jobs over the API and the web: queue, progress, cache, failure, crash recovery."""

from __future__ import annotations

import re
import zipfile
from datetime import timedelta
from io import BytesIO

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.db import session_scope, utcnow
from cbook.export import jobs
from cbook.export.models import ExportJob, JobStatus
from cbook.export.runner import get_runner
from cbook.roles import Role
from tests.export.helpers import SLUG, fetch, queue, status
from tests.support import api_token, csrf_token, make_user, sign_in


def test_an_export_is_queued_built_and_downloaded(
        app: Flask, client: FlaskClient, coordinator: dict[str, str]) -> None:
    answer = queue(client, coordinator, format="epub")
    assert answer.status_code == 202, answer.get_json()
    job = answer.get_json()
    assert job["status"] == "queued" and job["progress"] == 0
    assert get_runner(app).run_pending() == 1
    done = status(client, job["id"])
    assert done["status"] == "done" and done["progress"] == 1
    assert done["from_cache"] is False
    download = fetch(client, done["download_url"])
    assert download.status_code == 200
    assert download.mimetype == "application/epub+zip"
    assert "attachment" in download.headers["Content-Disposition"]
    assert f"{SLUG}.epub" in download.headers["Content-Disposition"]
    assert zipfile.ZipFile(BytesIO(download.data)).read("mimetype") == b"application/epub+zip"


def test_an_unchanged_edition_comes_from_cache_and_a_change_rebuilds_it(
        app: Flask, client: FlaskClient, coordinator: dict[str, str], session: Session) -> None:
    first = queue(client, coordinator, format="markdown").get_json()
    get_runner(app).run_pending()
    again = queue(client, coordinator, format="markdown").get_json()
    get_runner(app).run_pending()
    cached = status(client, again["id"])
    assert cached["from_cache"] is True
    assert fetch(client, cached["download_url"]).data == fetch(
        client, status(client, first["id"])["download_url"]).data
    # Other options are another edition.
    other = queue(client, coordinator, format="markdown",
                  options={"principles_index": False}).get_json()
    get_runner(app).run_pending()
    assert status(client, other["id"])["from_cache"] is False


def test_bad_requests_are_refused_and_store_nothing(
        client: FlaskClient, coordinator: dict[str, str], session: Session) -> None:
    for body, code in (({"format": "odt"}, 422), ({}, 422),
                       ({"format": "epub", "audience": "martians"}, 400),
                       ({"format": "epub", "options": {"paper": "a3"}}, 400),
                       ({"format": "epub", "options": {"colour": True}}, 400),
                       ({"format": "epub", "options": {"contents_depth": 9}}, 400),
                       ({"format": "epub", "options": []}, 422)):
        response = queue(client, coordinator, **body)
        assert response.status_code == code, (body, response.get_json())
        assert response.get_json()["error"]
    assert session.query(ExportJob).count() == 0
    assert client.post("/api/v1/books/nope/exports", json={"format": "epub"},
                       headers=coordinator).status_code == 404


def test_only_coordinators_and_admins_export_and_drafts_previews_stay_theirs(
        app: Flask, client: FlaskClient, coordinator: dict[str, str], session: Session) -> None:
    editor = api_token(session, make_user(session, Role.EDITOR, email="ed@test.example"))
    assert queue(client, editor, format="epub").status_code == 403
    assert client.post(f"/api/v1/books/{SLUG}/exports", json={"format": "epub"}).status_code \
        == 401
    preview = queue(client, coordinator, format="markdown", options={"drafts": True}).get_json()
    published = queue(client, coordinator, format="markdown").get_json()
    get_runner(app).run_pending()
    assert client.get(f"/api/v1/exports/{preview['id']}").status_code == 401
    assert client.get(f"/api/v1/exports/{preview['id']}", headers=editor).status_code == 403
    assert status(client, published["id"])["status"] == "done"  # published: anyone
    archive = fetch(client, status(client, preview["id"], coordinator)["download_url"],
                    coordinator).data
    with zipfile.ZipFile(BytesIO(archive)) as files:
        readme = files.read(f"{SLUG}/README.md").decode()
    assert "draft preview" in readme.lower()


def test_a_failed_export_says_why(app: Flask, client: FlaskClient,
                                  coordinator: dict[str, str], session: Session) -> None:
    job = queue(client, coordinator, format="epub",
                audience=_audience_without_sections(session)).get_json()
    get_runner(app).run_pending()
    failed = status(client, job["id"])
    assert failed["status"] == "failed"
    assert "nothing to export" in failed["error"]
    assert "download_url" not in failed


def _audience_without_sections(session: Session) -> str:
    from cbook.principles import service as principles

    admin = make_user(session, Role.ADMIN, email="admin2@test.example")
    audience = principles.create_audience(session, admin, name="Martians")
    session.commit()
    # Demo sections tagged for another audience are left out; untagged ones stay in, so
    # make every section of the demo book speak only to someone else.
    from cbook.books.models import Section
    from cbook.principles.models import Audience

    other = principles.create_audience(session, admin, name="Earthlings")
    session.flush()
    for section in session.query(Section):
        section.audiences = [session.get_one(Audience, other.id)]
    session.commit()
    return audience.slug


def test_a_job_left_running_by_a_crash_is_marked_failed(
        app: Flask, client: FlaskClient, coordinator: dict[str, str], session: Session) -> None:
    job_id = queue(client, coordinator, format="epub").get_json()["id"]
    with session_scope(app.extensions["cbook.sessions"]) as own:
        assert jobs.claim_next(own) == job_id  # a runner took it... and its process died
    job = session.get_one(ExportJob, job_id)
    job.heartbeat_at = utcnow() - timedelta(minutes=5)
    session.commit()
    with session_scope(app.extensions["cbook.sessions"]) as own:
        assert jobs.fail_stale(own) == 1
    crashed = status(client, job_id)
    assert crashed["status"] == JobStatus.FAILED and "restarted" in crashed["error"]


def test_the_exports_page_queues_and_shows_progress(
        app: Flask, client: FlaskClient, coordinator: dict[str, str], session: Session) -> None:
    make_user(session, Role.COORDINATOR, email="page@test.example")
    session.commit()
    sign_in(client, "page@test.example")
    page = client.get(f"/books/{SLUG}/exports")
    assert page.status_code == 200 and "Make an edition" in page.get_data(as_text=True)
    posted = client.post(f"/books/{SLUG}/exports", data={
        "csrf_token": csrf_token(client), "format": "docx", "audience": "", "paper": "a4",
        "contents_depth": "2", "title_page": "y"})
    assert posted.status_code == 303
    html = client.get(f"/books/{SLUG}/exports").get_data(as_text=True)
    assert 'data-status="queued"' in html and "<progress" in html
    get_runner(app).run_pending()
    html = client.get(f"/books/{SLUG}/exports").get_data(as_text=True)
    assert 'data-status="done"' in html and "Download" in html
    reader_page = FlaskClient(app, use_cookies=True).get(f"/books/{SLUG}/exports")
    assert "Make an edition" not in reader_page.get_data(as_text=True)


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
       b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def test_a_cover_image_opens_the_epub_and_the_pdf(
        app: Flask, client: FlaskClient, coordinator: dict[str, str], session: Session) -> None:
    make_user(session, Role.COORDINATOR, email="covers@test.example")
    session.commit()
    sign_in(client, "covers@test.example")
    refused = client.post(f"/books/{SLUG}/cover", data={
        "csrf_token": csrf_token(client), "image": (BytesIO(b"<svg/>"), "cover.png")})
    assert refused.status_code == 303
    assert client.get(f"/books/{SLUG}/cover").status_code == 404  # nothing stored
    saved = client.post(f"/books/{SLUG}/cover", data={
        "csrf_token": csrf_token(client), "image": (BytesIO(PNG), "cover.png")})
    assert saved.status_code == 303
    image = fetch(client, f"/books/{SLUG}/cover")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data == PNG

    epub = queue(client, coordinator, format="epub").get_json()
    pdf = queue(client, coordinator, format="pdf").get_json()
    bare = queue(client, coordinator, format="epub", options={"cover": False}).get_json()
    get_runner(app).run_pending()
    with zipfile.ZipFile(BytesIO(fetch(client, status(client, epub["id"])["download_url"])
                                 .data)) as book:
        opf = book.read("EPUB/content.opf").decode()
        assert 'properties="cover-image"' in opf
    with zipfile.ZipFile(BytesIO(fetch(client, status(client, bare["id"])["download_url"])
                                 .data)) as book:
        assert 'properties="cover-image"' not in book.read("EPUB/content.opf").decode()
    first_page = fetch(client, status(client, pdf["id"])["download_url"]).data
    assert first_page.startswith(b"%PDF-")
    assert re.search(rb"/Subtype\s*/Image", first_page)  # the cover, embedded
