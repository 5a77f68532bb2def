"""Settings read once from the environment (CBOOK_*) and the instance folder."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def default_instance_dir() -> Path:
    """The instance folder: $CBOOK_INSTANCE, else ./instance."""
    return Path(os.environ.get("CBOOK_INSTANCE") or "instance").resolve()


def _secret_key(instance: Path) -> str:
    """A persistent random secret kept in the instance, unless CBOOK_SECRET_KEY is set.

    Sessions must survive restarts and be shared by every worker process, so the key is
    written once to the instance folder rather than generated per process.
    """
    configured = os.environ.get("CBOOK_SECRET_KEY")
    if configured:
        return configured
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: when several workers start at once, exactly one writes the key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes"}


class ConfigError(ValueError):
    """A CBOOK_* variable holds something unusable."""


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return value


def _flag_off(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"0", "false", "no"}


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its environment, resolved once."""

    instance: Path
    database_url: str
    secret_key: str
    secure_cookies: bool = False
    max_request_bytes: int = 2 * 1024 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024
    login_rate_limit: str = "10 per minute"
    rate_limit_storage: str = "memory://"
    page_cache: bool = True
    trusted_proxies: int = 0
    active_requests: int = 4
    audit_days: int = 365  # audit events older than this are purged; 0 keeps them all
    smtp_url: str = ""  # empty: mail is written to <instance>/mail/*.eml (cbook.mail)
    mail_from: str = "Culture Book <culture-book@localhost>"
    mail_max_attempts: int = 8  # then a message is marked failed and shown on /admin/mail
    # Where the site is reached (https://book.example.org): links in mail start with it,
    # whatever Host a request named. Empty: the host the request came to.
    site_url: str = ""
    reset_rate_limit: str = "5 per minute; 20 per hour"  # password-reset requests a client
    digest_hour: int = 7  # the daily notification digest goes out at this hour (UTC)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_environment(cls, instance: Path | None = None) -> Settings:
        """Build settings from CBOOK_* variables, with embedded defaults."""
        folder = (instance or default_instance_dir()).resolve()
        url = os.environ.get("CBOOK_DATABASE_URL") or f"sqlite:///{folder / 'cbook.sqlite3'}"
        return cls(
            instance=folder,
            database_url=url,
            secret_key=_secret_key(folder),
            secure_cookies=_flag("CBOOK_SECURE_COOKIES"),
            max_request_bytes=_whole_number("CBOOK_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
            max_upload_bytes=_whole_number("CBOOK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
            login_rate_limit=os.environ.get("CBOOK_LOGIN_RATE_LIMIT", "10 per minute"),
            rate_limit_storage=os.environ.get("CBOOK_RATE_LIMIT_STORAGE", "memory://"),
            page_cache=not _flag_off("CBOOK_PAGE_CACHE"),
            trusted_proxies=_whole_number("CBOOK_TRUSTED_PROXIES", 0),
            active_requests=_whole_number("CBOOK_ACTIVE_REQUESTS", 4),
            audit_days=_whole_number("CBOOK_AUDIT_DAYS", 365),
            smtp_url=os.environ.get("CBOOK_SMTP_URL", ""),
            mail_from=os.environ.get("CBOOK_MAIL_FROM")
            or "Culture Book <culture-book@localhost>",
            mail_max_attempts=max(1, _whole_number("CBOOK_MAIL_MAX_ATTEMPTS", 8)),
            site_url=os.environ.get("CBOOK_SITE_URL", "").strip(),
            reset_rate_limit=os.environ.get("CBOOK_RESET_RATE_LIMIT")
            or "5 per minute; 20 per hour",
            digest_hour=min(23, _whole_number("CBOOK_DIGEST_HOUR", 7)),
        )
