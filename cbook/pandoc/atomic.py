"""Writing a file so that it appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(output: Path) -> Iterator[Path]:
    """A hidden temporary path beside ``output``; renamed to ``output`` if the block ends
    normally, deleted otherwise. A killed process leaves at most the hidden ``.part``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.",
                                       suffix=".part")
    os.close(handle)
    try:
        yield Path(partial)
        os.replace(partial, output)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
