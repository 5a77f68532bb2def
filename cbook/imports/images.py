"""Images brought in with documents: checked by their bytes, stored under random names.

Only PNG, JPEG, GIF and WebP are kept (never SVG, which can carry scripts). A file is
written beside its final place and renamed into it, so a reader never sees half a file.
Files live under ``<instance>/uploads/images/`` and are served at ``/uploads/images/<name>``.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

from cbook.errors import TooLarge, Unprocessable
from cbook.upload_folders import UploadFolders

MAX_IMAGE_BYTES = 10 * 1024 * 1024
IMAGE_NAME = re.compile(r"[0-9a-f]{32}\.(png|jpg|gif|webp)")
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif",
                 "webp": "image/webp"}
URL_PREFIX = "/uploads/images/"


def image_type(data: bytes) -> str | None:
    """The extension of an image judged by its first bytes, or None if not one we keep."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    return None


def image_url(name: str) -> str:
    """The site-relative URL a stored image is served at."""
    return URL_PREFIX + name


class ImageStore:
    """A folder of images, each under a random name with the extension of its type."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def for_instance(cls, instance: Path) -> ImageStore:
        """Where an instance keeps the images saved with imports."""
        return cls(UploadFolders(instance).images)

    def path(self, name: str) -> Path:
        """Where the image ``name`` lives (ValueError for anything not a stored name)."""
        if not IMAGE_NAME.fullmatch(name):
            raise ValueError(f"not a stored image name: {name!r}")
        return self.root / name

    def save(self, data: bytes) -> str:
        """Store an image's bytes and return its new name; refuses other content."""
        if len(data) > MAX_IMAGE_BYTES:
            raise TooLarge("an image is larger than 10 MB")
        extension = image_type(data)
        if extension is None:
            raise Unprocessable("images must be PNG, JPEG, GIF or WebP")
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"{secrets.token_hex(16)}.{extension}"
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".image-", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.root / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return name

    def adopt(self, source: Path, name: str) -> Path:
        """Move an image already checked into this store under its name (same filesystem)."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.path(name)
        os.replace(source, target)
        return target
