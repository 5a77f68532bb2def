"""The library as CSV: a round trip, row-by-row errors, all or nothing, the upload page."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.library.helpers import Library
from tests.support import csrf_token, sign_in

GOOD = (
    "kind,title,url,year,principles,tags\n"
    "podcast,Systems leadership,https://example.org/pod,2023,real-work,silos; trust\n"
    "report,\"Boards, listening\",,2021,,\n"
)


def post_csv(library: Library, text: str) -> object:
    return library.client.post("/api/v1/resources/csv", data=text.encode(),
                               content_type="text/csv", headers=library.author)


def test_import_then_export_round_trips(client: FlaskClient, session: Session) -> None:
    library = Library(client, session)
    response = post_csv(library, GOOD)
    assert response.status_code == 200 and response.get_json() == {"added": 2, "updated": 0}
    exported = client.get("/api/v1/resources/csv")
    assert exported.headers["Content-Type"].startswith("text/csv")
    text = exported.get_data(as_text=True)
    assert '"Boards, listening"' in text and "silos; trust" in text
    # Exported rows carry ids: importing them again updates instead of duplicating.
    changed = text.replace("Systems leadership", "Systems leadership (season 2)")
    again = post_csv(library, changed)
    assert again.get_json() == {"added": 0, "updated": 2}
    assert sorted(library.titles()) == ["Boards, listening", "Systems leadership (season 2)"]


def test_one_bad_row_stores_nothing_and_every_problem_is_named(client: FlaskClient,
                                                              session: Session) -> None:
    library = Library(client, session)
    bad = GOOD + "novel,A novel,,,,\nreport,Old,,20,,\nreport,Linked,javascript:x,,,\n"
    response = post_csv(library, bad)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert [e.split(":")[0] for e in errors] == ["line 4", "line 5", "line 6"]
    assert "kind must be one of" in errors[0] and "year" in errors[1]
    assert library.titles() == []
    header = post_csv(library, "colour,title\nred,x\n").get_json()
    assert "unknown columns: colour" in header["errors"][0]


def test_the_upload_page_imports_or_lists_the_problems(client: FlaskClient,
                                                      session: Session) -> None:
    library = Library(client, session)
    sign_in(client, "author@test.example")
    token = csrf_token(client)
    page = client.post("/library/import", data={
        "csrf_token": token, "file": (io.BytesIO(b"kind,title\nnovel,Nope\n"), "l.csv")},
        content_type="multipart/form-data")
    assert page.status_code == 200 and "line 2: kind must be one of" in page.get_data(
        as_text=True)
    done = client.post("/library/import", data={
        "csrf_token": token, "file": (io.BytesIO(GOOD.encode("utf-8-sig")), "l.csv")},
        content_type="multipart/form-data")
    assert done.status_code == 302
    assert sorted(library.titles()) == ["Boards, listening", "Systems leadership"]
    not_text = client.post("/library/import", data={
        "csrf_token": token, "file": (io.BytesIO(b"\xff\xfe\x00bad"), "l.csv")},
        content_type="multipart/form-data")
    assert "not UTF-8" in not_text.get_data(as_text=True)


def test_files_that_are_not_csv_are_refused_not_crashed_on(client: FlaskClient,
                                                          session: Session) -> None:
    library = Library(client, session)
    sign_in(client, "author@test.example")
    for content in (b"kind,title\nreport,a\x00b\n", b"kind,title\nreport,\"" + b"x" * 200_000):
        page = client.post("/library/import", data={
            "csrf_token": csrf_token(client), "file": (io.BytesIO(content), "l.csv")},
            content_type="multipart/form-data")
        assert page.status_code == 200
        assert "Nothing was imported" in page.get_data(as_text=True)
    assert library.titles() == []
