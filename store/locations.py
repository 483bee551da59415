"""Where a store is: a file's path or a PostgreSQL database's URL, and how messages show each."""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

DATABASE_SCHEMES = ("postgresql://", "postgres://")


def shown_url(url: str) -> str:
    """A database's URL without its password, in the user part or as a password=… parameter: what messages, logs and
    the dashboard's title show of it."""
    try:
        parts = urllib.parse.urlsplit(url)
        hidden = parts.password is not None
    except ValueError:  # not a URL psycopg would take either; its password, if any, is still not shown
        return re.sub(r"(?<=//)([^/@]*?):[^/@]*@", r"\1@", url)
    netloc = parts.netloc
    if hidden:
        user = urllib.parse.quote(parts.username or "", safe="")
        netloc = f"{user}@{netloc.rsplit('@', 1)[1]}" if user else netloc.rsplit("@", 1)[1]
    query = "&".join(pair for pair in parts.query.split("&") if pair and pair.split("=", 1)[0].lower() != "password")
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")


def shown_location(location: Path | str) -> Path | str:
    """A store's location as messages name it: its path (which messages print as characters), or its URL without
    the password."""
    return shown_url(location) if isinstance(location, str) and is_database(location) else location


def is_database(location: str | os.PathLike[str]) -> bool:
    """Whether a store location names a PostgreSQL database (postgresql://…) rather than a file."""
    return isinstance(location, str) and location.startswith(DATABASE_SCHEMES)
