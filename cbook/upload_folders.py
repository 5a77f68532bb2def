"""The layout of an instance's uploads folder, known in this one place.

``<instance>/uploads/`` holds one folder per kind of stored file: library attachments
(``resources``), book covers (``covers``) and images brought in by imports (``images``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class UploadFolders:
    """The folders an instance keeps uploaded files in."""

    instance: Path

    @property
    def root(self) -> Path:
        """The folder holding every kind of upload."""
        return self.instance / "uploads"

    @property
    def resources(self) -> Path:
        """Files attached to library resources."""
        return self.root / "resources"

    @property
    def covers(self) -> Path:
        """Book cover images."""
        return self.root / "covers"

    @property
    def images(self) -> Path:
        """Images saved with imported documents."""
        return self.root / "images"
