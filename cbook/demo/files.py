"""Making the demo library's files with the platform's own converters, then attaching them.

Each handout (:mod:`cbook.demo.handouts`) is Markdown; pandoc makes the DOCX, and pandoc
to typst then the typst compiler make the PDF, through the same bridges the book's
editions use. The conversions are child processes, so they run side by side in threads
while the loader fills the database, and the files join the library at the end through
the library's own attach-a-file service (checked by content, stored under random names).
"""

from __future__ import annotations

import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.demo.handouts import HANDOUTS, Handout
from cbook.library import service as library
from cbook.library.files import FileStore
from cbook.library.models import Resource
from cbook.pandoc.run import run_pandoc, run_typst

# Two conversions at once: a PDF is two child processes in a row, and most machines that
# run the demo have at least two cores.
WORKERS = 2
CONVERT_TIMEOUT_SECONDS = 60


def _convert(handout: Handout, folder: Path) -> Path:
    """Write one handout as its PDF or DOCX in ``folder``; returns the file."""
    output = folder / handout["file_name"]
    if handout["format"] == "docx":
        run_pandoc(handout["markdown"], "docx", output, ["--standalone"],
                   source_format="markdown", timeout=CONVERT_TIMEOUT_SECONDS)
        return output
    source = folder / (output.stem + ".typ")
    run_pandoc(handout["markdown"], "typst", source,
               ["--standalone", "--variable=papersize=a4"],
               source_format="markdown", timeout=CONVERT_TIMEOUT_SECONDS)
    run_typst(source, output, timeout=CONVERT_TIMEOUT_SECONDS)
    return output


@dataclass
class HandoutJob:
    """The handouts being converted in the background, in a folder removed when done."""

    folder: tempfile.TemporaryDirectory[str]
    pool: ThreadPoolExecutor
    futures: list[tuple[Handout, Future[Path]]] = field(default_factory=list)

    def attach(self, session: Session, actor: User | None, resources: dict[str, Resource],
               store: FileStore) -> int:
        """Wait for the files and attach each to its resource; returns how many."""
        for handout, future in self.futures:
            path = future.result()
            with path.open("rb") as stream:
                library.attach_file(session, actor, resources[handout["resource"]],
                                    store, stream, handout["file_name"])
        return len(self.futures)

    def close(self) -> None:
        """Stop converting (if still running) and remove the working folder."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.folder.cleanup()


def start_handouts() -> HandoutJob:
    """Begin converting every handout; ``attach`` the job once the resources exist."""
    folder = tempfile.TemporaryDirectory(prefix="cbook-demo-files-")
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="cbook-demo-files")
    job = HandoutJob(folder, pool)
    for handout in HANDOUTS:
        job.futures.append((handout, pool.submit(_convert, handout, Path(folder.name))))
    return job
