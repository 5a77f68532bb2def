"""Static files: fingerprinted URLs cached for a year, plain and stale ones briefly."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, url_for

from cbook.resources import PACKAGE_DIR
from cbook.web import static_files

YEAR = "public, max-age=31536000, immutable"


def _app(folder: Path) -> Flask:
    (folder / "css").mkdir(parents=True, exist_ok=True)
    (folder / "css" / "site.css").write_text("body { color: black }")
    app = Flask("static_test", static_folder=str(folder), static_url_path="/static")
    static_files.init_app(app)
    return app


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_url_for_names_the_content_and_that_url_is_cached_for_a_year(tmp_path: Path) -> None:
    app = _app(tmp_path)
    with app.test_request_context():
        url = url_for("static", filename="css/site.css")
    assert url == f"/static/css/site.{_digest(tmp_path / 'css' / 'site.css')}.css"
    response = app.test_client().get(url)
    assert response.status_code == 200
    assert response.get_data() == b"body { color: black }"
    assert response.headers["Cache-Control"] == YEAR
    assert response.mimetype == "text/css"


def test_plain_and_stale_names_still_work_with_a_short_cache(tmp_path: Path) -> None:
    app = _app(tmp_path)
    client = app.test_client()
    for url in ("/static/css/site.css", "/static/css/site.0123456789ab.css"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get_data() == b"body { color: black }"
        assert "immutable" not in response.headers["Cache-Control"]
        assert "max-age=300" in response.headers["Cache-Control"]
        response.close()
    assert client.get("/static/css/none.0123456789ab.css").status_code == 404
    assert client.get("/static/css/none.css").status_code == 404
    assert client.get("/static/../secret.css").status_code == 404


def test_a_changed_file_gets_a_new_url(tmp_path: Path) -> None:
    app = _app(tmp_path)
    with app.test_request_context():
        before = url_for("static", filename="css/site.css")
    (tmp_path / "css" / "site.css").write_text("body { color: navy; }")
    with app.test_request_context():
        after = url_for("static", filename="css/site.css")
    assert after != before
    assert app.test_client().get(after).get_data() == b"body { color: navy; }"


def test_a_fingerprinted_file_is_answered_from_memory_after_the_first_time(
    tmp_path: Path,
) -> None:
    app = _app(tmp_path)
    with app.test_request_context():
        url = url_for("static", filename="css/site.css")
    client = app.test_client()
    first = client.get(url)
    (tmp_path / "css" / "site.css").unlink()  # only memory can answer now
    again = client.get(url)
    assert again.status_code == 200 and again.get_data() == first.get_data()
    assert again.headers["Cache-Control"] == YEAR
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 404


def test_the_editor_bundle_and_stylesheets_are_fingerprinted() -> None:
    prints = static_files.Fingerprints(PACKAGE_DIR / "static")
    for name in ("editor/editor.js", "editor/editor.css", "css/site.css", "js/exports.js"):
        stem, _, suffix = name.rpartition(".")
        assert prints.name(name) == f"{stem}.{_digest(PACKAGE_DIR / 'static' / name)}.{suffix}"
