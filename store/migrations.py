"""Schema versions of the store and import files, and the steps that upgrade old ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from store.errors import ValidationError

SCHEMA_VERSION = 1
"""The schema this drift writes; files at older versions are upgraded in memory on load."""

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""MIGRATIONS[n] turns a version-n document into a version-(n+1) one; saving writes the new version."""


def check_version(version: Any, path: str) -> int:
    """The schema version, refused when it is not one this drift can read."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError(f"{version!r} is not a schema version", path)
    if version > SCHEMA_VERSION:
        raise ValidationError(
            f"schema {version} is newer than this drift understands ({SCHEMA_VERSION}); upgrade drift", path
        )
    return version


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """The document upgraded step by step from `version` to SCHEMA_VERSION."""
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data
