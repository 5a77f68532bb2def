"""Running pandoc and typst: no shell, a timeout, atomic output; reading pandoc's AST.

Pandoc is the binary from pypandoc-binary; typst is the typst package, run in a child
Python process so that a timeout can stop it (a compile in our own process could not be).

Output is written to a temporary name beside the target and renamed into place only when
pandoc succeeded, so a killed or failed run never leaves a partial file under the real
name.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pypandoc

from cbook.errors import DomainError, Unprocessable
from cbook.pandoc.atomic import atomic_path

PANDOC_TIMEOUT_SECONDS = 300
READ_TIMEOUT_SECONDS = 120
TYPST_TIMEOUT_SECONDS = 300
_TYPST_CHILD = ("import sys, typst\n"
                "typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3],\n"
                "              font_paths=sys.argv[4:])\n")


class ConversionFailed(DomainError):
    """A converter failed or took too long making an edition or a file; says which and why."""

    status = 500  # ours, not the user's: but said plainly, never as a traceback


def pandoc_path() -> str:
    """The pandoc shipped inside pypandoc-binary."""
    return str(pypandoc.get_pandoc_path())


def pandoc_version() -> str:
    """Pandoc's version, e.g. "3.9"."""
    return str(pypandoc.get_pandoc_version())


def _last_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[-1][:300] if text else "no message"


def run_pandoc(ast: dict[str, Any] | str, to: str, output: Path, args: Sequence[str] = (),
               *, timeout: float = PANDOC_TIMEOUT_SECONDS, workdir: Path | None = None,
               source_format: str = "json") -> None:
    """Convert ``ast`` (pandoc JSON, or text in ``source_format``) to ``output``."""
    source = ast if isinstance(ast, str) else json.dumps(ast)
    with atomic_path(output) as partial:
        command = [pandoc_path(), f"--from={source_format}", f"--to={to}",
                   f"--output={partial}", *args]
        try:
            finished = subprocess.run(  # noqa: S603 - a fixed binary, no shell
                command, input=source.encode("utf-8"), capture_output=True,
                timeout=timeout, check=False, cwd=workdir)
        except subprocess.TimeoutExpired as error:
            raise ConversionFailed(f"pandoc took longer than {timeout:.0f} s ({to})") from error
        if finished.returncode != 0:
            raise ConversionFailed(f"pandoc could not write {to}: {_last_line(finished.stderr)}")


def run_typst(source: Path, output: Path, *, fonts: Path | None = None,
              timeout: float = TYPST_TIMEOUT_SECONDS) -> None:
    """Compile a typst file to PDF at ``output`` (moved into place only when complete),
    with the fonts in ``fonts`` besides typst's own."""
    with atomic_path(output) as partial:
        command = [sys.executable, "-c", _TYPST_CHILD, str(source), str(partial),
                   str(source.parent), *([str(fonts)] if fonts is not None else [])]
        try:
            finished = subprocess.run(  # noqa: S603 - our interpreter, fixed code, no shell
                command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            raise ConversionFailed(f"typst took longer than {timeout:.0f} s") from error
        if finished.returncode != 0:
            raise ConversionFailed(f"typst could not make the PDF: {_last_line(finished.stderr)}")


def read_json(source: Path, reader: str, label: str, media: Path | None = None, *,
              timeout: float = READ_TIMEOUT_SECONDS) -> dict[str, Any]:
    """Pandoc's JSON AST of ``source`` read with ``reader`` (media extracted into ``media``).

    Pandoc runs in its sandbox, so a reader touches no file but the input; a failure is an
    Unprocessable naming the document as ``label`` ("DOCX", "Markdown"...).
    """
    command = [pandoc_path(), "--sandbox", f"--from={reader}", "--to=json", source.name]
    if media is not None:
        command.append(f"--extract-media={media}")
    try:
        finished = subprocess.run(  # noqa: S603 - a fixed binary, no shell
            command, capture_output=True, timeout=timeout, check=False, cwd=source.parent)
    except subprocess.TimeoutExpired as error:
        raise Unprocessable(f"reading the document took longer than {timeout:.0f} s") from error
    if finished.returncode != 0:
        message = finished.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1][:200] if message else "no message"
        raise Unprocessable(f"the {label} document could not be read: {detail}")
    try:
        ast = json.loads(finished.stdout)
    except (ValueError, RecursionError) as error:
        raise Unprocessable("the document nests too deeply to import") from error
    if not isinstance(ast, dict) or not isinstance(ast.get("blocks"), list):
        raise Unprocessable("the document could not be read")
    return ast


def text_to_json(text: str, reader: str, *,
                 timeout: float = READ_TIMEOUT_SECONDS) -> dict[str, Any]:
    """Pandoc's JSON AST of ``text`` (our own, trusted text) read with ``reader``."""
    command = [pandoc_path(), "--sandbox", f"--from={reader}", "--to=json"]
    try:
        finished = subprocess.run(  # noqa: S603 - a fixed binary, no shell
            command, input=text.encode("utf-8"), capture_output=True, timeout=timeout,
            check=False)
    except subprocess.TimeoutExpired as error:
        raise ConversionFailed(f"pandoc took longer than {timeout:.0f} s ({reader})") from error
    if finished.returncode != 0:
        raise ConversionFailed(f"pandoc could not read {reader}: {_last_line(finished.stderr)}")
    ast: dict[str, Any] = json.loads(finished.stdout)
    return ast
