"""Where a store is: a file's path or a PostgreSQL database's URL, and how messages show each."""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

DATABASE_SCHEMES = ("postgresql://", "postgres://")


def shown_url(url: str) -> str:
    """A database's URL without its password: what messages, `drift config` and the dashboard's title show of it.

    Hidden whatever libpq makes of it: everything between the user's name and the last @ (a password may hold ?, #,
    / or @, which a URL parser takes for the end of it), and every password=… parameter."""
    scheme, _, rest = url.partition("://")
    if "@" in rest:
        userinfo, _, rest = rest.rpartition("@")
        rest = userinfo.partition(":")[0] + "@" + rest
    address, mark, query = rest.partition("?")
    kept = [pair for pair in query.split("&") if pair and not _is_password(pair)]
    return f"{scheme}://{address}" + (mark + "&".join(kept) if kept else "")


def without_secrets(text: str, url: str) -> str:
    """text, a message of the server or of libpq about url, with every part of its password taken out: libpq may
    quote the password, or a piece of it where it split the URL elsewhere than its owner meant."""
    secrets = set()
    rest = url.partition("://")[2]
    if "@" in rest:
        secrets.add(rest.rpartition("@")[0].partition(":")[2])
    secrets.update(pair.split("=", 1)[1] for pair in rest.partition("?")[2].split("&") if _is_password(pair))
    pieces = {piece for secret in secrets for piece in (secret, urllib.parse.unquote(secret), *_PIECES.split(secret))}
    for piece in sorted(pieces, key=len, reverse=True):
        if len(piece) >= 2:
            text = text.replace(piece, "…")
    return text


def _is_password(pair: str) -> bool:
    """Whether a URL's key=value pair is libpq's password parameter."""
    key, equals, _ = pair.partition("=")
    return bool(equals) and key.strip().lower() == "password"


_PIECES = re.compile(r"[@/?#%:&=]")
"""Where libpq may cut a password it reads otherwise than its owner meant."""


def shown_location(location: Path | str) -> Path | str:
    """A store's location as messages name it: its path (which messages print as characters), or its URL without
    the password."""
    return shown_url(location) if isinstance(location, str) and is_database(location) else location


def is_database(location: str | os.PathLike[str]) -> bool:
    """Whether a store location names a PostgreSQL database (postgresql://…) rather than a file."""
    return isinstance(location, str) and location.startswith(DATABASE_SCHEMES)
