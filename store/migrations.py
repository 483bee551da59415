"""Schema versions of the store and import files, and the steps that upgrade old ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from store.errors import ValidationError

SCHEMA_VERSION = 3
"""The schema this drift writes; files at older versions are upgraded in memory on load."""


def _schema_2_only_adds(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 → 2: every schema 1 document is a schema 2 one. Schema 2 adds named sources (a source left without
    an id is known by its kind, as schema 1 knew it), money of the whole project, reported cumulative figures,
    carry-over, an optional annual budget and codes made by drift; an older drift must refuse what it cannot read."""
    return data


def _schema_3_only_adds(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 → 3: every schema 2 document is a schema 3 one. Schema 3 adds the self-evaluation (final values,
    grades and points of indicators, the ticked deviation causes, the initial budget) and its score rules."""
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _schema_2_only_adds, 2: _schema_3_only_adds}
"""MIGRATIONS[n] turns a version-n document into a version-(n+1) one; saving writes the new version."""


def check_version(version: Any, path: str) -> int:
    """The schema version, refused when it is not one this drift can read."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError.said("error.schema_version", value=version).located(prefix=path)
    if version > SCHEMA_VERSION:
        raise ValidationError.said("error.schema_newer", version=version, known=SCHEMA_VERSION).located(prefix=path)
    return version


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """The document upgraded step by step from `version` to SCHEMA_VERSION."""
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data
