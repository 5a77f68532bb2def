"""The admin blueprint, shared by the pages in ``views`` and ``people``."""

from __future__ import annotations

from flask import Blueprint, flash

from cbook.errors import DomainError
from cbook.web.database import db

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


def failed(error: DomainError) -> None:
    """Undo the request's writes and show why they failed."""
    db().rollback()
    flash(error.message, "error")
