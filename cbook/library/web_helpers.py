"""What the library's pages and its API share on the web side: the instance's file store,
the upload limit and the CSV download."""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from werkzeug.wrappers import Response

from cbook.library import csv_io, files
from cbook.library.models import Resource


def file_store() -> files.FileStore:
    """Where this instance keeps the library's uploaded files."""
    return files.FileStore.for_instance(current_app.config["CBOOK_SETTINGS"].instance)


def max_upload_bytes() -> int:
    """The largest file the library accepts (CBOOK_MAX_UPLOAD_BYTES)."""
    return int(current_app.config["CBOOK_MAX_UPLOAD_BYTES"])


def csv_response(resources: Sequence[Resource]) -> Response:
    """A CSV download of these resources."""
    return Response(csv_io.export_csv(resources), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="library.csv"'})

