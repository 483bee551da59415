"""Typed errors of the store; the command line turns each into one line and exit code 2."""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from typing import Any, Self

from msgspec import Struct, field

ENGLISH: dict[str, str] = {
    "error.located": "{where}: {message}",
    "error.no_such_store": "{path}: no such store",
    "error.cannot_read": "{path}: cannot read: {problem}",
    "error.changed_while_read": "{path}: changed while drift read it (written in place, not replaced as drift saves); "
    "read it again",
    "error.not_json": "{path}: not valid JSON ({problem})",
    "error.not_utf8": "{path}: not UTF-8 text (byte 0x{byte} at offset {offset})",
    "error.is_directory": "{path}: is a directory, not a store file",
    "error.lock_held": "{path}: another drift is saving (lock {lock} held for over {seconds}s); try again",
    "error.lock_lost": "{path}: its lock {lock} was removed or replaced during this save, so another save may have "
    "run at the same time; nothing was saved; try again, and leave the lock file in place",
    "error.stale": "{path}: changed by someone else since you read it (revision {revision}, yours {yours}); "
    "reload and try again",
    "error.conflict": "conflict: changed by someone else since you read it: {details}; nothing was saved",
    "error.conflict.exists": "{where} exists already: theirs {theirs}, yours {yours}",
    "error.conflict.deleted": "{where} was deleted",
    "error.conflict.deleted_yours": "{where} was deleted; yours: {yours}",
    "error.conflict.delete_field": "{where} {field}: theirs {theirs}, you read {read} and would delete it",
    "error.conflict.field": "{where} {field}: theirs {theirs}, yours {yours} (you read {read})",
    "error.no_project": "no project {code!r} in the store",
    "error.no_record": "no {kind} record {record!r} in project {code} (it has: {listed})",
    "error.none_yet": "none yet",
    "error.allocations_recorded": "{count} {count:plural allocation is|allocations are} recorded; delete them first",
    "error.date_form": "{shown} is not a date in the form YYYY-MM-DD",
    "error.date_years": "{text!r} is outside the years drift accepts ({first}–{last})",
    "error.date_calendar": "{text!r} is not a day in the calendar",
    "error.money_negative": "{text!r} must not be negative",
    "error.money_form": '{shown} is not an amount such as "589.20" (digits, at most {places} decimals)',
    "error.money_largest": "{shown} is more than the largest amount drift accepts, {largest} 万元",
    "error.source_ambiguous": "{shown} could be any of {sources}: name one as listed",
    "error.source_unlisted": "{shown} is not a funding source of this project: list it under funding.sources first "
    "(it lists {sources}; leave the source out for money of the whole project)",
    "error.source_unknown": "{shown} is not a funding source of this project; name one of {sources}",
    # Issue 17, part FIXZH: the refusals that were English only under --lang zh.
    "error.money_year": "{date} is outside {first}–{last}: money of the budget year {year} moves from the year before "
    "it (advance allocations) to the year after it (carried-over money)",
    "error.year_form": "{text!r} is not a year such as 2024",
    "error.percent_form": '{text!r} is not a percentage such as "45" or "45%"',
    "error.percent_range": "{text!r} must be between 0 and 100",
    "error.rate_form": '{shown} is not a rate such as "100%" or "33.43"',
    "error.likelihood_form": "{shown} is not a likelihood: certain, possible, impossible (确定能 …)",
    "error.score_form": '{shown} is not a score out of 100 such as "85.81"',
    "error.claim_empty": "the claimed value is empty",
    "error.claim_subject_none": "{subject!r} cannot be given: a claim of {kind} is about the whole project",
    "error.claim_subject_missing": "is missing: a claim of {kind} is about {about}{listed}",
    "error.claim_subject_wrong": "{subject!r} is not {about}{listed}",
    "claim.about.source": "a funding source of this project, or nothing for the total",
    "claim.about.phase": "a phase of this project, or nothing for the whole project",
    "claim.about.indicator": "an indicator of this project",
    "claim.about.indicator_or_total": "an indicator of this project, or nothing for the total",
    "error.tolerance_likelihood": "a likelihood claim takes no tolerance",
    "error.tolerance_most": "{tolerance} is more than a claim of {kind} can be allowed ({most})",
    "error.tolerance_days": "{tolerance} is not a whole number of days",
    "error.control_character": "contains the control character {code}; remove it",
    "error.too_long": "is {length} characters long; at most {limit}",
    "error.tolerance_form": '{shown} is not a tolerance such as "1" or "0.5" (not negative)',
    "error.target_form": '{text!r} is not a target such as "≥95%", "2" or "提升"',
    "error.grouping_comma": "{shown} has a grouping comma out of place (groups of three digits, as in 1,200.50); "
    "write the number without commas",
    "error.money_places": "{shown} is {value} 万元, more than {places} decimals (finer than a 分); round it",
    "error.points_form": "{shown} is not points such as 7.5 (0 to 100, at most 6 decimals)",
    "error.grade_form": "{shown} is not a grade: {listed}",
    "error.cause_form": "{shown} is not a deviation cause: {names}",
    "error.revision_form": "{text!r} is not a revision number, as `drift log` lists them",
    "error.source_kind": "{text!r} is not a kind of source ({kinds})",
    "error.month": "{month} is not a month (1–12)",
    "error.no_backup": "no backup of revision {revision} in {folder} (kept: {kept})",
    "error.nothing_to_undo": "nothing to undo: no change made from the account {account} is left to undo",
    "error.not_yours_to_undo": (
        "revision {revision} is not one of your changes still to undo (account {account}); those are: {yours}"
    ),
    "error.exists": "{path}: already exists",
    "error.no_such_file": "{path}: no such file",
    "error.is_folder": "{path}: is a directory, not a file",
    "error.not_regular": "{path}: not a regular file (a device, a pipe or a socket); give drift a file",
    "error.empty_file": "{path}: file is empty",
    "error.json_at": "{problem}: line {line} column {column} (char {offset})",
    "error.document_not_json": "not valid JSON ({problem})",
    "error.unknown_field": "unknown field {name!r}",
    "error.required": "is required",
    "error.not_one_of": "{value!r} is not one of {choices}",
    "error.not_a_list": "must be a list",
    "error.too_many_records": "holds {count} records; at most {limit}",
    "error.not_an_object": "must be an object",
    "error.not_text": "{value!r} must be text",
    "error.not_whole": "{value!r} must be a whole number",
    "error.whole_negative": "{value!r} must not be negative",
    "error.whole_largest": "{value!r} is more than {limit}",
    "error.not_bool": "{value!r} must be true or false",
    "error.not_a_number": "{value!r} is not a number",
    "error.money_comma": "{value!r} must be a decimal string: remove the grouping comma",
    "error.money_ascii": '{value!r} must be a decimal string: write it as "{fixed}" (ASCII digits)',
    "error.money_written": '{value!r} must be a decimal string in 万元: write it as "{fixed}"',
    "error.date_written": "{value!r} is not a date: write it as {fixed}",
    "error.year_range": "{year} is outside the years drift accepts ({first}–{last})",
    "error.money_number": '{text!r} must be a decimal string such as "589.20", not a JSON number',
    "error.tolerance_number": '{text!r} must be a decimal string such as "0.5", not a JSON number',
    "error.project_exists": "project {code!r} is already in the store",
    "error.project_needs_code": "a project needs a code",
    "error.figure_empty": "a reported figure states allocated, paid or both",
    "error.source_exists": "{source!r} is already a source of {code}",
    "error.import_form": "an import file must be a JSON object {example}",
    "error.unknown_here": "unknown field",
    "error.not_a_project_list": "must be a list of projects",
    "error.import_replace": "project {code} is already in {path}; use --replace to overwrite it",
    "error.backup_revision": "{text!r} is not a revision number (see drift backup --list)",
    "error.empty": "must not be empty",
    "error.not_a_phase": "{phase!r} is not a phase of project {code} ({phases})",
    "error.kind_amount": "{text!r} is not KIND=AMOUNT, e.g. central=82",
    "error.source_kind_typed": "{kind!r} is not one of {kinds} (or 中央, 省级, 市县, 单位自筹, 其他)",
    "error.days_form": "{text!r} is not a whole number of days",
    "error.points_number": "{text!r} is not a number of points such as 10 or 12.5",
    "error.level_points_form": "{text!r} is not NAME=POINTS such as 产出=50",
    "error.grade_floors_form": "{text!r} is not three floors EXCELLENT,GOOD,FAIR such as 90,80,60",
    "error.checkpoint_form": "{text!r} is not MONTH:PERCENT such as 6:40",
    "error.store_not_tables": "the store must be a JSON object of tables",
    "error.no_meta": "missing the schema and revision record",
    "error.revision_number": "{value!r} is not a revision number",
    "error.store_id": "{value!r} is not a store id (16 hex digits)",
    "error.not_project_table": "must be a table of projects",
    "error.not_document_table": "must be a table of documents (a JSON object)",
    "error.code_twice": "project code {code!r} appears twice",
    "error.not_history_table": "must be a table of history entries",
    "error.timestamp": "{value!r} is not a date and time with a time zone",
    "error.record_kind": "{value!r} is not a kind of record",
    "error.key_twice": "key {name!r} appears twice",
    "error.too_deep": "objects are nested too deeply to read",
    "error.schema_version": "{value!r} is not a schema version",
    "error.schema_newer": "schema {version} is newer than this drift understands ({known}); upgrade drift",
    "error.rule_setting": "is not a rule setting ({names})",
    "error.no_such_field": "{kind} records have no field {name!r} to set ({fields})",
    "error.not_regular_store": "{path}: not a regular file (a device, a pipe or a socket), so not a store",
    "error.cannot_create_folder": "cannot create the folder {folder}: {problem}",
    "error.no_folder": "{path}: the folder {folder} does not exist",
    "error.cannot_save": "cannot save {path}: {problem}",
    "error.lock_is_folder": "{lock} is a folder, not a lock file; remove it to save again",
    "error.cannot_lock": "cannot lock {lock}: {problem}",
    "error.backups_symlink": "{folder} is a symlink; drift keeps and reads no backups through one: remove it",
    "error.cannot_read_backups": "cannot read the backups in {folder}: {problem}",
    "error.copy_differs": "{path}: the copy does not read back as what was moved; do not use it",
    "error.newer_drift": "{path}: written by a newer drift (schema {schema}); update drift to read it",
    "error.not_saved": "cannot save {path}: {problem}; nothing was saved",
    "error.read_only_file": "{path} is read-only for you",
    "error.read_only_folder": "the folder {folder} is read-only for you",
    "error.read_only_replica": "{path} is a read-only replica",
    "error.read_only_database": "{path} takes no changes (default_transaction_read_only is on)",
    "error.read_only_role": "the role {role} may not change {path}",
    "error.read_only_save": "cannot save: {reason}",
    "error.as_said": "{text}",
    "error.anchor_unchained": "no history entry has the hash {anchor}: this history is not chained",
    "error.anchor_rewritten": "no history entry has the hash {anchor}: the history up to the entry that had it was "
    "rewritten since the hash was noted (or it is mistyped)",
    "error.json.end": "unexpected end of data",
    "error.json.value": "unexpected character, expected a JSON value",
    "error.json.list": "unexpected character, expected ',' or ']'",
    "error.json.object": "unexpected character, expected ',' or {brace}",
    "error.json.colon": "unexpected character, expected ':' after key",
    "error.json.key": "unexpected character, expected a string key",
    "error.json.trailing_comma": "trailing comma is not allowed",
    "error.json.leading_zero": "number with leading zero is not allowed",
    "error.json.after": "unexpected content after document",
    "error.json.escape": "invalid escaped sequence in string",
    "error.json.control": "unexpected control character in string",
    "error.ledger_unit": "{name}:1: the column {cell!r} has a unit; only the amount may (元 or 万元)",
    "error.ledger_unknown": "{name}:1: unknown column {column!r}; the columns are {columns} ({chinese})",
    "error.ledger_twice": "{name}:1: the column {column!r} appears twice",
    "error.ledger_missing": "{name}:1: the header has no column {column!r}; the columns are {columns}",
    "error.duplicate": "same as payment {record} of project {project} ({date}, {source}, {amount}, {voucher})",
    "error.duplicate_recorded": "same as payment {record} of project {project} ({date}, {source}, {amount}, "
    "{voucher}), recorded {at} by {by}",
    "error.voucher": "voucher {voucher}",
    "error.no_voucher": "no voucher",
    "kind.project": "project",
    "kind.funding": "funding",
    "kind.rules": "rules",
    "kind.sources": "funding source",
    "kind.allocations": "allocation",
    "kind.payments": "payment",
    "kind.reported": "reported figure",
    "kind.phases": "phase",
    "kind.events": "event",
    "kind.indicators": "indicator",
    "kind.claims": "claim",
    "kind.findings": "finding",
    "kind.compliance": "compliance check",
    "kind.recommendations": "recommendation",
}
"""The English of the store's refusals that carry a message key; drift.i18n holds their Chinese beside these, and the
command line words them in the user's language (the store itself knows no language but this one)."""


class _Wording(string.Formatter):
    """str.format with one more kind of field: {count:plural project|projects} is "project" when count is 1 (or +1,
    -1), else "projects"; the words may hold a verb too ({count:plural is|are})."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec.startswith("plural "):
            one, _, many = format_spec.removeprefix("plural ").partition("|")
            return one if str(value).lstrip("+-") == "1" else many
        return super().format_field(value, format_spec)


_WORDING = _Wording()


def formatted(text: str, values: Mapping[str, object]) -> str:
    """text with its {placeholders} filled, plural words chosen by their count: the one plural rule of every message
    (Chinese has no plural, so its messages need none)."""
    template, plurals = _plurals_apart(text)
    if ":plural " in template:  # a plural of a field with an index or attribute: string.Formatter reads it
        return _WORDING.vformat(text, (), values)
    if plurals:
        values = {**values, **{name: _WORDING.format_field(values[count], spec) for name, count, spec in plurals}}
    return template.format_map(values)  # in C: ten times string.Formatter, for 56,000 flags of `drift check`


_PLURAL = re.compile(r"\{(\w+):(plural [^{}]*)\}")


@functools.lru_cache(maxsize=4096)
def _plurals_apart(text: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """text with each {count:plural one|many} made a field of its own (its name, the count's and the spec)."""
    plurals: list[tuple[str, str, str]] = []

    def apart(match: re.Match[str]) -> str:
        name = f"plural_{len(plurals)}_"
        plurals.append((name, match[1], match[2]))
        return "{" + name + "}"

    return _PLURAL.sub(apart, text), tuple(plurals)


class Words(Struct, frozen=True):
    """A message by its key in ENGLISH and its values; a value may itself be Words, or a tuple of them (a list)."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return formatted(ENGLISH[self.key], {name: english(value) for name, value in self.values.items()})


def english(value: object) -> object:
    """value as the English message shows it: Words worded, a tuple of them joined by "; "."""
    if isinstance(value, Words):
        return str(value)
    if isinstance(value, tuple) and value and all(isinstance(item, Words) for item in value):
        return "; ".join(str(item) for item in value)
    return value


class DriftError(Exception):
    """Anything a user can cause: bad input, a bad store, a refused write."""

    words: Words | None = None
    """The message by key, for the command line and the dashboard to word in the user's language; None when the
    error has only its English text."""

    @classmethod
    def said(cls, key: str, /, **values: object) -> Self:
        """The error whose message is ENGLISH[key] with these values, keeping the key for a translation."""
        return cls.of(Words(key, values))

    @classmethod
    def of(cls, words: Words) -> Self:
        """The error saying words, in English here, in the user's language where the program knows it."""
        error = cls(str(words))
        error.words = words
        return error


class ValidationError(DriftError):
    """A record breaks a rule; says where (file and field path) and why."""

    def __init__(self, message: str, path: str = "", file: str = "") -> None:
        self.message = message
        self.path = path
        self.file = file
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def where(self) -> str:
        """The file and field path the error is located at, "" when it is not."""
        return ": ".join(part for part in (self.file, self.path) if part)

    def located(self, file: str = "", prefix: str = "") -> ValidationError:
        """The same error with a file name and a leading path added."""
        path = self.path
        if prefix:
            path = prefix + (path if not path or path.startswith("[") else "." + path)
        error = ValidationError(self.message, path, file or self.file)
        error.words = self.words
        return error


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
