"""Files on library resources: checked by content, stored safely, served as downloads."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.library import files, service
from cbook.library.models import Resource
from cbook.roles import Role
from tests.support import api_token, csrf_token, make_user, sign_in

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def pdf_bytes(padding: int = 0) -> bytes:
    """A minimal PDF (an empty page tree), optionally padded to a size."""
    return (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
            b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
            + b"%" * padding + b"\ntrailer <</Root 1 0 R>>\n%%EOF\n")


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            # ODT wants its mimetype first and uncompressed.
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes([("[Content_Types].xml", DOCX_TYPES.encode()),
                      ("word/document.xml", b"<w:document/>")])


def odt_bytes() -> bytes:
    return zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.text"),
                      ("META-INF/manifest.xml", b"<manifest/>"),
                      ("content.xml", b"<office:document-content/>")])


def zip_bomb() -> bytes:
    """A DOCX-shaped zip of ~300 KB whose document unpacks to 300 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            zeros = bytes(1024 * 1024)
            for _ in range(300):
                entry.write(zeros)
    return out.getvalue()


SAMPLES: dict[str, tuple[Callable[[], bytes], str]] = {
    "pdf": (pdf_bytes, "application/pdf"),
    "docx": (docx_bytes,
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": (odt_bytes, "application/vnd.oasis.opendocument.text"),
}


class Shelf:
    def __init__(self, app: Flask, client: FlaskClient, session: Session) -> None:
        self.app = app
        self.client = client
        self.session = session
        self.author_user = make_user(session, Role.AUTHOR)
        self.author = api_token(session, self.author_user)
        self.reader = api_token(session, make_user(session, Role.READER))
        self.store = files.FileStore(
            app.config["CBOOK_SETTINGS"].instance / "uploads" / "resources")

    def add(self, **body: Any) -> dict[str, Any]:
        made = self.client.post("/api/v1/resources", headers=self.author,
                                json={"title": "Learning report", "kind": "report", **body})
        assert made.status_code == 201, made.get_json()
        result: dict[str, Any] = made.get_json()
        return result

    def put_file(self, resource_id: int, data: bytes, name: str,
                 who: dict[str, str] | None = None) -> Any:
        return self.client.put(f"/api/v1/resources/{resource_id}/file",
                               headers=who or self.author,
                               data={"file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")

    def get(self, resource_id: int) -> dict[str, Any]:
        result: dict[str, Any] = self.client.get(f"/api/v1/resources/{resource_id}").get_json()
        return result

    def download(self, resource_id: int, **headers: str) -> Any:
        """GET the file, read and closed (send_file keeps the stored file open until then)."""
        response = self.client.get(f"/library/{resource_id}/file", headers=headers)
        response.get_data()
        response.close()
        return response

    def stored(self) -> list[str]:
        """Every name in the upload folder, temporary files included."""
        root = self.store.root
        return sorted(path.name for path in root.iterdir()) if root.exists() else []


@pytest.fixture
def file_shelf(app: Flask, client: FlaskClient, session: Session) -> Shelf:
    return Shelf(app, client, session)


# --- Uploading and downloading ----------------------------------------------------------


@pytest.mark.parametrize("file_type", sorted(SAMPLES))
def test_each_type_uploads_over_the_api_and_downloads_with_safe_headers(
    file_shelf: Shelf, file_type: str
) -> None:
    build, content_type = SAMPLES[file_type]
    data = build()
    resource = file_shelf.add()
    assert resource["file"] is None
    # The client's name and content type are not trusted: the extension comes from content.
    uploaded = file_shelf.put_file(resource["id"], data, f"Learning report.{file_type.upper()}")
    assert uploaded.status_code == 200, uploaded.get_json()
    url = f"/library/{resource['id']}/file"
    assert uploaded.get_json()["file"] == {"name": f"Learning report.{file_type}",
                                           "type": file_type, "size": len(data), "url": url}
    assert file_shelf.get(resource["id"])["file"]["url"] == url
    assert len(file_shelf.stored()) == 1 and files.STORED_NAME.fullmatch(file_shelf.stored()[0])

    download = file_shelf.download(resource["id"])
    assert download.status_code == 200
    assert download.data == data
    assert download.mimetype == content_type
    assert download.headers["Content-Disposition"] == (
        f'attachment; filename="Learning report.{file_type}"')
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    etag = download.headers["ETag"]
    assert etag.strip('"') == files.hashlib.sha256(data).hexdigest()

    again = file_shelf.download(resource["id"], **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_a_raw_body_upload_takes_its_name_from_content_disposition(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    response = file_shelf.client.put(
        f"/api/v1/resources/{resource['id']}/file", data=pdf_bytes(),
        headers={**file_shelf.author, "Content-Type": "application/octet-stream",
                 "Content-Disposition": "attachment; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["file"]["name"] == "Résumé.pdf"
    disposition = file_shelf.download(resource["id"]).headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''R%C3%A9sum%C3%A9.pdf" in disposition


def test_a_raw_body_without_a_file_name_is_400(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    response = file_shelf.client.put(f"/api/v1/resources/{resource['id']}/file", data=pdf_bytes(),
                                headers={**file_shelf.author, "Content-Type": "application/pdf"})
    assert response.status_code == 400 and "Content-Disposition" in response.get_json()["error"]
    assert file_shelf.stored() == []


@pytest.mark.parametrize(("given", "file_type", "expected"), [
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ("C:\\Users\\me\\notes.docx", "docx", "notes.docx"),
    ("invoice\u202efdp.html", "pdf", "invoicefdp.html.pdf"),
    ('a "quoted";\r\nname?.odt', "odt", "a _quoted_; name_.odt"),
    ("   ", "pdf", "file.pdf"),
    ("x" * 400 + ".pdf", "pdf", "x" * files.NAME_MAX + ".pdf"),
])
def test_file_names_are_cleaned(given: str, file_type: str, expected: str) -> None:
    assert files.clean_file_name(given, file_type) == expected


def test_a_file_bigger_than_the_request_limit_but_within_the_upload_limit_is_taken(
    file_shelf: Shelf
) -> None:
    data = pdf_bytes(padding=3 * 1024 * 1024)  # past the 2 MB cap on other requests
    resource = file_shelf.add()
    # A raw body: werkzeug's test client leaves a big multipart body's temp file open.
    response = file_shelf.client.put(
        f"/api/v1/resources/{resource['id']}/file", data=data,
        headers={**file_shelf.author, "Content-Disposition": 'attachment; filename="big.pdf"'})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["file"]["size"] == len(data)


# --- Refusals ---------------------------------------------------------------------------


def truncated_zip() -> bytes:
    return docx_bytes()[:-40]


REFUSED: dict[str, tuple[Callable[[], bytes], str, int, str]] = {
    "html named .pdf": (lambda: b"<!doctype html><script>alert(1)</script>", "report.pdf",
                        422, "none of them"),
    "zip that is not a docx": (lambda: zip_bytes([("notes.txt", b"hello")]), "notes.docx",
                               422, "not a DOCX or ODT"),
    "other opendocument": (lambda: zip_bytes([
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")]), "sheet.odt",
        422, "not a DOCX or ODT"),
    "macro-enabled docx": (lambda: zip_bytes([
        ("[Content_Types].xml", DOCX_TYPES.replace("wordprocessingml.document.main",
                                                   "ms-word.document.macroEnabled.main")
         .encode()), ("word/document.xml", b"<w:document/>")]), "macro.docx", 422, "macros"),
    "truncated zip": (truncated_zip, "cut.docx", 422, "damaged"),
    "zip bomb": (zip_bomb, "bomb.docx", 422, "more than 200 MB"),
    "empty file": (lambda: b"", "empty.pdf", 422, "empty"),
    "too big": (lambda: pdf_bytes(padding=5000), "big.pdf", 413, "larger than"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_files_leave_the_resource_and_the_store_as_they_were(
    app: Flask, file_shelf: Shelf, case: str
) -> None:
    if case == "too big":
        app.config["CBOOK_MAX_UPLOAD_BYTES"] = 4096
    build, name, status, message = REFUSED[case]
    resource = file_shelf.add()
    assert file_shelf.put_file(resource["id"], pdf_bytes(), "first.pdf").status_code == 200
    before, stored = file_shelf.get(resource["id"]), file_shelf.stored()

    response = file_shelf.put_file(resource["id"], build(), name)
    assert response.status_code == status, response.get_json()
    assert message in response.get_json()["error"]
    assert file_shelf.get(resource["id"]) == before
    assert file_shelf.stored() == stored
    assert file_shelf.download(resource["id"]).data == pdf_bytes()


def test_a_reader_cannot_upload_and_nothing_is_stored(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    response = file_shelf.put_file(resource["id"], pdf_bytes(), "mine.pdf", who=file_shelf.reader)
    assert response.status_code == 403
    assert file_shelf.client.delete(f"/api/v1/resources/{resource['id']}/file",
                               headers=file_shelf.reader).status_code == 403
    assert file_shelf.client.put(f"/api/v1/resources/{resource['id']}/file",
                            data=pdf_bytes()).status_code == 401
    assert file_shelf.get(resource["id"])["file"] is None
    assert file_shelf.stored() == []


def test_a_multipart_upload_without_the_file_field_is_400(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    response = file_shelf.client.put(f"/api/v1/resources/{resource['id']}/file",
                                headers=file_shelf.author, data={"other": "x"},
                                content_type="multipart/form-data")
    assert response.status_code == 400
    assert file_shelf.stored() == []


def test_a_resource_without_a_file_has_no_download(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    assert file_shelf.download(resource["id"]).status_code == 404


# --- Replacing, removing, deleting: old bytes go after the commit ---------------------------


def test_replacing_removing_and_deleting_remove_the_old_bytes(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    file_shelf.put_file(resource["id"], pdf_bytes(), "one.pdf")
    [first] = file_shelf.stored()
    replaced = file_shelf.put_file(resource["id"], odt_bytes(), "two.odt")
    assert replaced.get_json()["file"]["type"] == "odt"
    [second] = file_shelf.stored()
    assert second != first

    removed = file_shelf.client.delete(f"/api/v1/resources/{resource['id']}/file",
                                  headers=file_shelf.author)
    assert removed.status_code == 204
    assert file_shelf.get(resource["id"])["file"] is None and file_shelf.stored() == []
    assert file_shelf.client.delete(f"/api/v1/resources/{resource['id']}/file",
                               headers=file_shelf.author).status_code == 204

    file_shelf.put_file(resource["id"], docx_bytes(), "three.docx")
    assert len(file_shelf.stored()) == 1
    deleted = file_shelf.client.delete(f"/api/v1/resources/{resource['id']}",
                                  headers=file_shelf.author)
    assert deleted.status_code == 204
    assert file_shelf.stored() == []


def test_a_transaction_that_does_not_commit_keeps_the_old_file_and_drops_the_new(
    file_shelf: Shelf
) -> None:
    session, store, author = file_shelf.session, file_shelf.store, file_shelf.author_user
    resource = service.add_resource(session, author, title="Impact report", kind="report")
    service.attach_file(session, author, resource, store, io.BytesIO(pdf_bytes()), "a.pdf")
    session.commit()
    old = store.path(resource.file_stored_name or "")

    service.attach_file(session, author, resource, store, io.BytesIO(odt_bytes()), "b.odt")
    new = store.path(resource.file_stored_name or "")
    assert old.exists() and new.exists()
    session.rollback()
    assert old.exists() and not new.exists()

    service.delete_resource(session, author, session.get(Resource, resource.id) or resource,
                            store)
    session.rollback()
    assert old.exists()
    service.delete_resource(session, author, session.get(Resource, resource.id) or resource,
                            store)
    session.commit()
    assert not old.exists()


def test_a_stored_name_must_be_one_the_store_made(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a stored file name"):
        files.FileStore(tmp_path).path("../../etc/passwd")


# --- The web form ---------------------------------------------------------------------------


def form_data(client: FlaskClient, **extra: Any) -> dict[str, Any]:
    return {"csrf_token": csrf_token(client), "title": "Webinar: trust across boundaries",
            "kind": "webinar", **extra}


@pytest.mark.parametrize("file_type", sorted(SAMPLES))
def test_the_form_adds_a_resource_with_a_file_and_the_pages_show_it(
    file_shelf: Shelf, file_type: str
) -> None:
    client = file_shelf.client
    sign_in(client, "author@test.example")
    data = SAMPLES[file_type][0]()
    response = client.post("/library/new", content_type="multipart/form-data",
                           data=form_data(client, file=(io.BytesIO(data), f"slides.{file_type}")))
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Download ({file_type.upper()}, {len(data)} bytes)" in page
    assert f"slides.{file_type}" in page
    listing = client.get("/library").get_data(as_text=True)
    assert f'data-file-type="{file_type}"' in listing
    assert len(file_shelf.stored()) == 1


def test_the_form_refuses_a_bad_file_with_a_field_error_and_stores_nothing(
    file_shelf: Shelf
) -> None:
    client = file_shelf.client
    sign_in(client, "author@test.example")
    response = client.post("/library/new", content_type="multipart/form-data", data=form_data(
        client, file=(io.BytesIO(b"<html></html>"), "slides.pdf")))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="field__error"' in page and "none of them" in page
    assert 'enctype="multipart/form-data"' in page
    assert file_shelf.client.get("/api/v1/resources").get_json() == []
    assert file_shelf.stored() == []


def test_the_edit_form_replaces_and_removes_the_file(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    file_shelf.put_file(resource["id"], pdf_bytes(), "one.pdf")
    client = file_shelf.client
    sign_in(client, "author@test.example")
    edit = f"/library/{resource['id']}/edit"
    form_page = client.get(edit).get_data(as_text=True)
    assert 'name="remove_file"' in form_page and "one.pdf" in form_page

    refused = client.post(edit, content_type="multipart/form-data", data=form_data(
        client, file=(io.BytesIO(b""), "blank.docx")))
    assert refused.status_code == 200 and "empty" in refused.get_data(as_text=True)
    assert file_shelf.get(resource["id"])["title"] == "Learning report"
    assert file_shelf.get(resource["id"])["file"]["name"] == "one.pdf"

    replaced = client.post(edit, content_type="multipart/form-data", data=form_data(
        client, file=(io.BytesIO(docx_bytes()), "two.docx")))
    assert replaced.status_code == 302
    assert file_shelf.get(resource["id"])["file"]["name"] == "two.docx"
    assert len(file_shelf.stored()) == 1

    removed = client.post(edit, content_type="multipart/form-data",
                          data=form_data(client, remove_file="y"))
    assert removed.status_code == 302
    assert file_shelf.get(resource["id"])["file"] is None and file_shelf.stored() == []
    assert 'name="remove_file"' not in client.get(edit).get_data(as_text=True)


def test_deleting_a_resource_from_its_page_removes_its_file(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    file_shelf.put_file(resource["id"], pdf_bytes(), "one.pdf")
    client = file_shelf.client
    sign_in(client, "author@test.example")
    response = client.post(f"/library/{resource['id']}/delete",
                           data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert file_shelf.stored() == []


def test_the_csv_export_still_works_with_files_and_leaves_them_out(file_shelf: Shelf) -> None:
    resource = file_shelf.add()
    file_shelf.put_file(resource["id"], pdf_bytes(), "one.pdf")
    exported = file_shelf.client.get("/library/export.csv").get_data(as_text=True)
    assert exported.splitlines()[0].startswith("id,kind,title,url")
    assert "Learning report" in exported and "one.pdf" not in exported
