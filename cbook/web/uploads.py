"""A larger request-size limit for the few views that take an uploaded file.

Every request is capped at ``MAX_CONTENT_LENGTH`` (2 MB by default). A view marked with
``accepts_upload`` may receive that much more plus the upload limit
(``CBOOK_MAX_UPLOAD_BYTES``, 20 MB by default). The limit is decided from the matched
route rather than set inside the view, because the CSRF check and the input screening
read the form before any view runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Request, current_app

View = TypeVar("View", bound=Callable[..., Any])
MARK = "cbook_accepts_upload"


def accepts_upload(view: View) -> View:
    """Mark a view whose request body may carry an uploaded file (apply it innermost)."""
    setattr(view, MARK, True)
    return view


class UploadAwareRequest(Request):
    """A request whose size limit grows by the upload limit on upload views."""

    @property
    def max_content_length(self) -> int | None:
        """The app-wide limit, plus the upload limit on a view that accepts uploads."""
        limit = super().max_content_length
        if self._max_content_length is not None or limit is None or not current_app:
            return limit
        view = current_app.view_functions.get(self.endpoint or "")
        if getattr(view, MARK, False):
            return limit + int(current_app.config["CBOOK_MAX_UPLOAD_BYTES"])
        return limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value
