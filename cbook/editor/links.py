"""Which link targets a document may hold."""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_href(href: object) -> bool:
    """True for http(s), mailto, relative and fragment links; never javascript: or data:."""
    if not isinstance(href, str) or not href or len(href) > 2048:
        return False
    if any(ord(char) < 32 for char in href) or "\\" in href:
        # Browsers strip control characters and treat backslashes as slashes, which
        # is how "java\tscript:" and "\\evil.example" slip past naive checks.
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in SAFE_SCHEMES and (
            parts.scheme.lower() == "mailto" or bool(parts.netloc)
        )
    # Scheme-less: a path, query or fragment on this site; "//host" would leave it.
    return not href.startswith("//")
