"""Exports as files (Markdown, xlsx): where one may be written, and writing it atomically."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from drift.i18n import t
from store.backend import Backend
from store.errors import DriftError
from store.exports import export_refusal, write_export_file


class ExportError(DriftError):
    """An export that cannot be written where it was asked to go; one line, exit 2."""


def check_target(path: Path, lang: str, store: Backend | None) -> None:
    """Refuse, in one line, a path whose folder is missing, which is a folder, or which is no export's to write.

    What an export may replace is store.exports.export_refusal's rule: never the store, its lock, its
    backups, a symlink or anything but a regular file.
    """
    folder = path.parent
    if path.is_dir() and not path.is_symlink():
        raise ExportError(t("export.is_a_folder", lang, path=path))
    if not folder.exists():
        raise ExportError(t("export.no_folder", lang, path=path, folder=folder))
    if not folder.is_dir():
        raise ExportError(t("export.not_a_folder", lang, path=path, folder=folder))
    if refusal := export_refusal(path, store):
        raise ExportError(t(f"export.refused.{refusal}", lang, path=path))


def write_export(path: Path, content: str | bytes | Iterable[str], lang: str, store: Backend | None) -> None:
    """Write the Markdown (or its pieces, as they are made) or a workbook's bytes atomically: readers see the old
    file or the new one."""
    check_target(path, lang, store)
    if isinstance(content, bytes):
        write_export_file(path, content, store)
        return
    pieces = [content] if isinstance(content, str) else content
    write_export_file(path, (piece.encode("utf-8") for piece in pieces), store)
