"""Helpers the export tests share: documents to export, writing an edition, reading a PDF,
and driving export jobs over the API."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books.models import Book
from cbook.export.edition import EditionOptions, gather
from cbook.export.formats import get_format


def text(value: str, *marks: str) -> dict[str, Any]:
    """A ProseMirror text node with ``marks``."""
    node: dict[str, Any] = {"type": "text", "text": value}
    if marks:
        node["marks"] = [{"type": m} for m in marks]
    return node


def para(block_id: str, *content: dict[str, Any], **attrs: Any) -> dict[str, Any]:
    """A paragraph block with its id and attributes."""
    return {"type": "paragraph", "attrs": {"id": block_id, **attrs}, "content": list(content)}


def awkward_doc() -> dict[str, Any]:
    """Every block type, nesting, a table, right-to-left text, emoji and a very long word."""
    item = lambda i, *inner: {"type": "list_item", "content": [para(f"li{i}", text(f"Item {i}")),  # noqa: E731
                                                               *inner]}
    return {"type": "doc", "content": [
        {"type": "heading", "attrs": {"level": 2, "id": "h2"}, "content": [text("Heading 2")]},
        {"type": "heading", "attrs": {"level": 4, "id": "h4"}, "content": [text("Heading 4")]},
        para("rtl", text("مرحبا بالعالم — שלום עולם")),
        para("emoji", text("Small wins 🎉🌱 and flags 🏳️‍🌈"), principles=["trust"]),
        para("long", text("Pneumonoultramicroscopicsilicovolcanoconiosis" * 4)),
        para("marks", text("bold", "strong"), text(" "), text("it", "em"), text(" "),
             text("x<y&z", "code"), {"type": "hard_break"}, text("after a break")),
        {"type": "blockquote", "content": [para("q", text("A quote"))]},
        {"type": "horizontal_rule"},
        {"type": "bullet_list", "content": [
            item(1, {"type": "ordered_list", "attrs": {"order": 5}, "content": [
                item(2, {"type": "bullet_list", "content": [item(3)]})]}),
        ]},
        *[{"type": "callout", "attrs": {"kind": kind, "title": f"A {kind}", "id": f"c-{kind}"},
           "content": [para(f"in-{kind}", text(f"Inside the {kind}."))]}
          for kind in ("barrier", "enabler", "tool", "story", "example", "reflection")],
        {"type": "table", "content": [
            {"type": "table_row", "content": [
                {"type": "table_header", "content": [para("th1", text("Barrier"))]},
                {"type": "table_header", "content": [para("th2", text("Enabler"))]}]},
            {"type": "table_row", "content": [
                {"type": "table_cell", "content": [para("td1", text("Sign-off"))]},
                {"type": "table_cell", "content": [para("td2", text("Trust"))]}]}]},
        {"type": "image", "attrs": {"src": "https://example.org/a.png", "alt": "A diagram"}},
        para("boards", text("Only for boards"), audiences=["boards"]),
    ]}


def export(session: Session, book: Book, fmt: str, tmp_path: Path,
           **options: Any) -> Path:
    """Write ``book`` as one edition in ``fmt`` under ``tmp_path``; the file's path."""
    chosen = get_format(fmt)
    output = tmp_path / f"out{chosen.suffix}"
    chosen.write(gather(session, book, EditionOptions(**options)), EditionOptions(**options),
                 output)
    return output


def poppler(tool: str, *args: str) -> str:
    """Output of a poppler tool (pdftotext, pdffonts, pdfinfo); CI installs poppler-utils."""
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{tool} is missing (apt-get install poppler-utils)")
        pytest.skip(f"{tool} is not installed (apt-get install poppler-utils)")
    return subprocess.run([found, *args], capture_output=True, text=True, timeout=60,
                          check=True).stdout



SLUG = "pushing-what-moves"


def queue(client: FlaskClient, who: dict[str, str], **body: Any) -> Any:
    """Ask for an edition of the demo book over the API."""
    return client.post(f"/api/v1/books/{SLUG}/exports", json=body, headers=who)


def status(client: FlaskClient, job_id: int, who: dict[str, str] | None = None) -> Any:
    """An export job as the API shows it."""
    return client.get(f"/api/v1/exports/{job_id}", headers=who or {}).get_json()


def fetch(client: FlaskClient, url: str, who: dict[str, str] | None = None) -> Any:
    """GET a file response and close it (send_file keeps the file open until then)."""
    response = client.get(url, headers=who or {})
    response.get_data()
    response.close()
    return response
