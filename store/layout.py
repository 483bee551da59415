"""The store file's layout: tables indented, each document compact on a line of its own, so it reads a document at a time."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

import orjson
from msgspec import Struct

from store.errors import ValidationError
from store.jsonkeys import check_unique_keys

_DOCUMENT_LINE = re.compile(rb'    "[0-9]+": (?=\{)')
"""A document of a table, in the layout `dump` writes: four spaces, its id, its object on the rest of the line."""


def check_document_id(doc_id: str, path: str) -> None:
    """Refuse a document id other than drift writes it: TinyDB keys documents by int(id), so "01" would be "1"."""
    if not (doc_id.isascii() and doc_id.isdigit() and doc_id == str(int(doc_id))):
        raise ValidationError(f"document id {doc_id!r} must be a whole number without leading zeros, such as 1", path)


class Unparsed:
    """A document as the bytes it was read as: TinyDB moves it between tables and dump writes it back untouched."""

    __slots__ = ("view",)

    def __init__(self, view: memoryview) -> None:
        self.view = view


def dump(tables: dict[str, dict[str, Any]]) -> Iterator[bytes | memoryview]:
    """The tables as JSON, in pieces to write one after another: each document compact on a line of its own.

    A document still Unparsed is written as the bytes it was read as, so a save encodes only what changed
    and never holds a second copy of the store in memory.
    """
    yield b"{"
    for n, (name, table) in enumerate(tables.items()):
        yield b"%s\n  %s: {" % (b"," if n else b"", orjson.dumps(name))
        for i, (doc_id, doc) in enumerate(table.items()):
            yield b"%s\n    %s: " % (b"," if i else b"", orjson.dumps(doc_id))
            yield doc.view if isinstance(doc, Unparsed) else orjson.dumps(doc)
        yield b"\n  }" if table else b"}"
    yield b"\n}\n" if tables else b"}\n"


_OPENING_LINE = re.compile(rb'    "([1-9][0-9]*)": (\{[^\n]*\}),?')
"""A whole document line of a table as dump writes it, the comma that follows all but the last with it."""


def opening(head: bytes, first: str, second: str, count: int) -> tuple[bytes, list[tuple[str, bytes]]] | None:
    """From the first bytes of a file, the one document of its first table and up to count documents of its second,
    each a whole line, when the file begins exactly as dump writes those two tables; None when it does not.

    Nothing after them is looked at: what the rest of the file holds, and whether it is valid, split() says.
    """
    start = b'{\n  %s: {\n    "1": ' % orjson.dumps(first)
    table = b"\n  },\n  %s: {\n" % orjson.dumps(second)
    if not head.startswith(start) or (end := head.find(table, len(start))) < 0:
        return None
    meta = head[len(start) : end]
    if b"\n" in meta:
        return None
    documents: list[tuple[str, bytes]] = []
    position = end + len(table)
    while len(documents) < count and (end_of_line := head.find(b"\n", position)) >= 0:
        line = _OPENING_LINE.fullmatch(head, position, end_of_line)
        if line is None:  # the table's end, or a line drift does not write
            break
        documents.append((line[1].decode(), line[2]))
        position = end_of_line + 1
    return meta, documents


class Lines(Struct, frozen=True):
    """A store file split into its tables and the span of each document's line, no document parsed yet."""

    raw: bytes
    tables: dict[str, dict[str, int]]
    """Each table's document ids, each with the index of its span."""
    spans: list[tuple[int, int]]

    def document(self, index: int) -> Any:
        """The parsed document; orjson.JSONDecodeError when its line is not valid JSON, ValidationError when an
        object in it names a key twice."""
        start, end = self.spans[index]
        view = memoryview(self.raw)[start:end]
        document = orjson.loads(view)
        # drift writes each line with orjson.dumps, which names a key once: only a line written otherwise can repeat one.
        written = orjson.dumps(document)
        if len(written) != end - start or not self.raw.startswith(written, start):  # compared in place, not copied
            check_unique_keys(view)
        return document

    def unparsed(self, index: int) -> Unparsed:
        """The document as the bytes it was read as, to be written back unchanged without parsing it."""
        start, end = self.spans[index]
        return Unparsed(memoryview(self.raw)[start:end])

    def parsed(self) -> dict[str, Table]:
        """Every table, each document parsed only when it is looked at."""
        return {name: Table(self, name, ids) for name, ids in self.tables.items()}

    def for_tinydb(self, kept: Collection[str]) -> dict[str, dict[str, Any]]:
        """Every table for TinyDB: the documents of the kept tables as their bytes, the others parsed."""
        return {
            name: {doc_id: self.unparsed(i) if name in kept else self.document(i) for doc_id, i in ids.items()}
            for name, ids in self.tables.items()
        }


class Table(Mapping[str, Any]):
    """One table of a split file, read-only, parsing a document each time it is looked up."""

    def __init__(self, lines: Lines, name: str, ids: dict[str, int]) -> None:
        self._lines = lines
        self._name = name
        self._ids = ids

    def __getitem__(self, doc_id: str) -> Any:
        try:
            return self._lines.document(self._ids[doc_id])
        except ValidationError as error:
            raise error.located(prefix=f"{self._name}[{doc_id}]") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def texts(self) -> Iterator[tuple[str, memoryview]]:
        """Each document's id and its line's bytes, unparsed: for a reader that parses them itself."""
        for doc_id in self._ids:
            yield doc_id, self.text(doc_id)

    def text(self, doc_id: str) -> memoryview:
        """One document's line, unparsed."""
        start, end = self._lines.spans[self._ids[doc_id]]
        return memoryview(self._lines.raw)[start:end]

    def __len__(self) -> int:
        return len(self._ids)


def split(raw: bytes) -> Lines | None:
    """The file cut at its document lines; None when it is not in this layout (hand-written, or an older drift's).

    Only the skeleton left once every document line is replaced by its index is parsed here: when it is valid
    JSON and every index stands where a document stands, the file is valid JSON if each document line is,
    which the reader learns as it parses them.
    """
    parts: list[bytes] = []
    spans: list[tuple[int, int]] = []
    copied = position = 0
    size = len(raw)
    while position < size:
        end_of_line = raw.find(b"\n", position)
        if end_of_line < 0:
            end_of_line = size
        if match := _DOCUMENT_LINE.match(raw, position, end_of_line):
            start = match.end()
            end = end_of_line
            while end > start and raw[end - 1] in b" \t\r":
                end -= 1
            if raw[end - 1] == ord(","):
                end -= 1
            parts += (raw[copied:start], b"%d" % len(spans))
            spans.append((start, end))
            copied = end
        position = end_of_line + 1
    parts.append(raw[copied:])
    text = b"".join(parts)
    try:
        skeleton = orjson.loads(text)
        check_unique_keys(text)  # a table or a document id named twice: parsed whole, the reader says where
    except (orjson.JSONDecodeError, ValidationError):
        return None
    if not isinstance(skeleton, dict) or not all(isinstance(table, dict) for table in skeleton.values()):
        return None
    placed = [index for table in skeleton.values() for index in table.values()]
    if not all(type(index) is int for index in placed) or sorted(placed) != list(range(len(spans))):
        return None  # a document line that is not a table's document, or a document that is not an object
    return Lines(raw, skeleton, spans)
