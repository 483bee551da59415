"""Typed errors of the store; the command line turns each into one line and exit code 2."""

from __future__ import annotations


class DriftError(Exception):
    """Anything a user can cause: bad input, a bad store, a refused write."""


class ValidationError(DriftError):
    """A record breaks a rule; says where (file and field path) and why."""

    def __init__(self, message: str, path: str = "", file: str = "") -> None:
        self.message = message
        self.path = path
        self.file = file
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.file, self.path) if part)
        return f"{where}: {self.message}" if where else self.message

    def located(self, file: str = "", prefix: str = "") -> ValidationError:
        """The same error with a file name and a leading path added."""
        path = self.path
        if prefix:
            path = prefix + (path if not path or path.startswith("[") else "." + path)
        return ValidationError(self.message, path, file or self.file)


class StoreError(DriftError):
    """The store cannot be read or written: missing, corrupt, locked, refused."""


class NoStoreError(StoreError):
    """The store file does not exist; how to make one is the program's to say."""


class NoSpaceError(StoreError):
    """A save found the disk (or the user's quota) full; the store is as it was."""


class ReadOnlyStoreError(StoreError):
    """A write was asked of a store this user cannot write."""


class StaleRevisionError(StoreError):
    """Someone else saved since this copy was read; saving would overwrite their change."""


class TamperedHistoryError(StoreError):
    """The history's hash chain is broken: an entry was changed, removed or forged outside drift."""
