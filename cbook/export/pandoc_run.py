"""Running pandoc and typst: no shell, a timeout, atomic output.

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

from cbook.errors import DomainError
from cbook.export.atomic import atomic_path

PANDOC_TIMEOUT_SECONDS = 300
TYPST_TIMEOUT_SECONDS = 300
_TYPST_CHILD = ("import sys, typst\n"
                "typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3])\n")


class ExportFailed(DomainError):
    """A converter failed or took too long; the message says which and why."""

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
            raise ExportFailed(f"pandoc took longer than {timeout:.0f} s ({to})") from error
        if finished.returncode != 0:
            raise ExportFailed(f"pandoc could not write {to}: {_last_line(finished.stderr)}")


def run_typst(source: Path, output: Path, *, timeout: float = TYPST_TIMEOUT_SECONDS) -> None:
    """Compile a typst file to PDF at ``output`` (moved into place only when complete)."""
    with atomic_path(output) as partial:
        command = [sys.executable, "-c", _TYPST_CHILD, str(source), str(partial),
                   str(source.parent)]
        try:
            finished = subprocess.run(  # noqa: S603 - our interpreter, fixed code, no shell
                command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            raise ExportFailed(f"typst took longer than {timeout:.0f} s") from error
        if finished.returncode != 0:
            raise ExportFailed(f"typst could not make the PDF: {_last_line(finished.stderr)}")
