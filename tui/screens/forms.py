"""Modal forms that record progress: payments, allocations, phase actuals, indicators, the status date, claims."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from msgspec import Struct
from pendulum import Date
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from drift.budget import new_overspends
from drift.dates import as_of_for
from drift.flags import describe
from drift.i18n import t, worded
from drift.later import counts
from drift.rules import DEFAULT_RULES, Rules
from drift.selfeval import points_refusal
from store.codec import claim_subject_problem, listed_source, money_date_problem, money_years, tolerance_problem
from store.edits import (
    ConflictError,
    DuplicatePaymentError,
    Duplicates,
    EditRecord,
    RecordEdit,
    add_allocation,
    add_claim,
    add_payment,
    add_reported_figure,
    edit_record,
    show,
)
from store.errors import DriftError, ValidationError
from store.history import HistoryEntry
from store.model import WHOLE_PROJECT, ClaimKind, Grade, Likelihood, Project
from store.typed import CAUSE_NAMES, read_date, read_money, read_points, typed_causes, typed_claim_value, typed_quantity
from store.values import check_text, parse_claim_value, parse_tolerance
from tui.colours import ERROR, WARNING, styled
from tui.screens.conflict import MINE, THEIRS, ConflictDialog, clashes, who_changed
from tui.screens.dialog import BOX, Dialog


class FieldError(Exception):
    """A value a form cannot take, with the message to show beside its field."""


class FormField(Struct, frozen=True):
    """One row of a form: its label, what it holds now, and how the typed text becomes a value."""

    name: str
    """The record's field, also the id of the widget."""
    label: str
    """The i18n key of the label."""
    parse: Callable[[Any], Any]
    """Turns the widget's value into the record's; raises ValidationError or FieldError."""
    initial: str = ""
    choices: tuple[tuple[str, str], ...] | None = None
    """(label, value) pairs: the field is a Select rather than an Input."""
    required: bool = False
    dated: bool = False
    """The record's date: one after the as-of date gets a note beside it (it counts from that date on)."""


class EditForm(Dialog[RecordEdit | None]):
    """A form over one record of one project: Enter saves, Escape cancels, errors show beside each field.

    Dismisses with the edit built from the inputs, based on the project as it was shown, or with
    None when cancelled or when nothing was changed. The form never clears what was typed.
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.back"),
        Binding("ctrl+s", "save", "key.save"),
        Binding("ctrl+t", "move_status_date", "key.move_status_date", show=False),
    ]
    """Ctrl+T, not Ctrl+D: an Input deletes to the right with Ctrl+D before the form would see it."""

    DEFAULT_CSS = """
    EditForm > .dialog-box {
        width: 96;
    }
    EditForm #form-title {
        text-style: bold;
        margin-bottom: 1;
    }
    EditForm .form-row {
        layout: grid;
        grid-size: 3;
        grid-columns: 16 34 1fr;
        grid-rows: auto;
        height: auto;
        margin-bottom: 1;
    }
    EditForm .form-error {
        padding-left: 1;
    }
    EditForm.-narrow .form-row {
        grid-size: 2;
        grid-columns: 16 1fr;
        margin-bottom: 0;  /* the line under each field, its error or blank, parts it from the next */
    }
    EditForm.-narrow .form-row .form-error {
        column-span: 2;
        padding-left: 16;
    }
    EditForm #form-hint {
        color: $text-muted;
        dock: bottom;  /* how to save stays on screen however far a long or narrow form scrolls */
    }
    EditForm #form-offer {
        margin-top: 1;
    }
    """

    NARROW = 80
    """Terminals narrower than this put a field's error under it: beside it, in a box of at most the terminal's width
    less its border and padding (6), past the label (16) and the field (34), it would have fewer than 24 cells."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.saver: Callable[[list[RecordEdit]], object] | None = None
        """When set, Enter saves the edits through it, in one revision, off the UI thread, and the form stays open
        on an error (a conflict, a refused write) so nothing typed is lost; without it the form only returns the
        edit (not the status date's)."""
        self.move_status_date = False
        """The offer to move the status date to the latest date typed after it was accepted (Ctrl+T)."""
        self.duplicate_confirmed: dict[str, Any] | None = None
        """The values a duplicate payment was reported for: saving the very same values again records them anyway."""
        self.overspend_confirmed: dict[str, Any] | None = None
        """The values an overspend was reported for: saving the very same values again records them anyway."""
        self.latest: Callable[[], tuple[Project | None, tuple[HistoryEntry, ...]]] | None = None
        """After a conflict, reads the project as the store holds it now (None once removed) and its history, off the
        UI thread: the form shows theirs beside yours and can be based on it."""

    @property
    def lang(self) -> str:
        """The app's language, so a form follows the dashboard's zh/en switch."""
        return getattr(self.app, "lang", "en")

    # What each form declares.

    def title_text(self) -> str:
        raise NotImplementedError

    def form_fields(self) -> list[FormField]:
        raise NotImplementedError

    def build(self, values: dict[str, Any]) -> RecordEdit:
        """The edit these values make, based on self.project."""
        raise NotImplementedError

    def cross_check(self, values: dict[str, Any]) -> dict[str, str]:
        """Errors that need several fields, by field name; none by default."""
        return {}

    def take_project(self, project: Project) -> None:
        """Base the form on project, the store's latest: form_fields() then gives what each field holds there.

        A form over one record finds it again; DriftError when it is gone."""
        self.project = project

    # The machinery.

    def compose(self) -> ComposeResult:
        self._fields = {field.name: field for field in self.form_fields()}
        self._based_on = {name: field.initial for name, field in self._fields.items()}
        """What each field held when the form was based on its project: a field still holding it was not changed."""
        self._set_here: set[str] = set()
        """Fields the form itself set to theirs, whose change is not the person's typing."""
        # A long form scrolls to the field in focus; the box itself takes no focus, so typing starts in a field.
        with VerticalScroll(id="form", classes=BOX, can_focus=False):
            yield Label(Text(self.title_text()), id="form-title")
            for field in self._fields.values():
                with Horizontal(classes="form-row"):
                    yield Label(t(field.label, self.lang), classes="form-label")
                    if field.choices is not None:
                        yield Select(
                            field.choices,
                            value=field.initial if field.initial else Select.NULL,
                            prompt=t("form.choose", self.lang),
                            allow_blank=True,
                            id=field.name,
                            compact=True,
                        )
                    else:
                        yield Input(value=field.initial, id=field.name, compact=True)
                    yield Static(id=f"{field.name}-error", classes="form-error")
            yield Static(id="form-error", classes="form-error")
            offer = Static(id="form-offer")
            offer.display = False  # until a date after the as-of date is typed
            yield offer
            yield Label(t("form.hint", self.lang), id="form-hint")

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")

    def error_text(self, name: str) -> str:
        """The error shown beside a field ("form" for the line under the fields), "" when none."""
        content = self.query_one(f"#{name}-error", Static).content
        return content.plain if isinstance(content, Text) else str(content)

    def _optional_money(self, text: str) -> Any:
        """An amount or points as typed (1,200.50, 7分); empty is not stated, never 0."""
        return read_money(text) if text.strip() else None

    def typed(self) -> list[str]:
        """ "Label: value" for each field changed from what the form was based on: what a closed form would lose."""
        changed = []
        for name, field in self._fields.items():
            raw = self._raw(name)
            if raw != self._based_on[name] and not (raw is None and self._based_on[name] == ""):
                changed.append(f"{t(field.label, self.lang)}: {raw}")
        return changed

    def _raw(self, name: str) -> Any:
        widget = self.query_one(f"#{name}")
        if isinstance(widget, Select):
            return None if widget.is_blank() else widget.value
        assert isinstance(widget, Input)
        return widget.value

    def _parse(self, field: FormField, raw: Any) -> Any:
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if empty and field.required:
            raise FieldError(t("form.required", self.lang))
        try:
            return field.parse(raw)
        except ValidationError as error:
            raise FieldError(worded(error, self.lang, located=False)) from None

    def _show(self, name: str, message: str) -> None:
        self.query_one(f"#{name}-error", Static).update(styled(message, ERROR) if message else "")

    def _show_note(self, name: str, value: Any) -> None:
        """Beside a record's date after the as-of date, say when it counts: a note, not a refusal."""
        as_of = as_of_for(self.project, getattr(self.app, "as_of", None))
        if self._fields[name].dated and isinstance(value, Date) and not counts(value, as_of):
            note = t("later.note", self.lang, date=as_of.isoformat())
            self.query_one(f"#{name}-error", Static).update(styled(note, WARNING))

    def _status_date_offered(self) -> Date | None:
        """The latest date typed after the project's status date, which the form offers to move it to; else None.

        None too when the dashboard computes as of a date of its own: the status date then decides nothing.
        """
        if getattr(self.app, "as_of", None) is not None:
            return None
        as_of = as_of_for(self.project)
        dates = []
        for name, field in self._fields.items():
            if field.dated:
                try:
                    value = field.parse(self._raw(name))
                except (ValidationError, FieldError, ValueError):
                    continue
                if isinstance(value, Date) and not counts(value, as_of):
                    dates.append(value)
        return max(dates, default=None)

    def _show_offer(self) -> None:
        """Under the fields, the offer to move the status date, or what saving will do once it is accepted."""
        date = self._status_date_offered()
        offer = self.query_one("#form-offer", Static)
        offer.display = date is not None
        if date is not None:
            key = "form.move_status_date.accepted" if self.move_status_date else "form.move_status_date.offer"
            offer.update(styled(t(key, self.lang, date=date.isoformat()), WARNING))

    def action_move_status_date(self) -> None:
        """Ctrl+T: accept the offer to move the status date, or take the acceptance back."""
        if self._status_date_offered() is None:
            self.app.bell()
            return
        self.move_status_date = not self.move_status_date
        self._show_offer()

    def _check_one(self, name: str) -> None:
        field = self._fields[name]
        raw = self._raw(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self._show(name, "")  # "required" waits for a save: an empty new form is not an error yet
            return
        try:
            value = self._parse(field, raw)
        except FieldError as error:
            self._show(name, str(error))
        else:
            self._show(name, "")
            self._show_note(name, value)

    def _check_across(self) -> None:
        """Rules between fields (an end before its start), once every field reads as a value."""
        try:
            values = {name: field.parse(self._raw(name)) for name, field in self._fields.items()}
        except (ValidationError, FieldError, ValueError):
            return
        for name, message in self.cross_check(values).items():
            self._show(name, message)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed(event.input.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed(event.select.id)

    def _changed(self, name: str | None) -> None:
        if name in self._fields:
            self._check_one(name)
            self._check_across()
            if name in self._set_here:  # theirs put in after a conflict: the line saying so stays
                self._set_here.discard(name)
            else:
                self._show("form", "")
            self._show_offer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, field in self._fields.items():
            try:
                values[name] = self._parse(field, self._raw(name))
            except FieldError as error:
                errors[name] = str(error)
        if not errors:
            errors = self.cross_check(values)
        for name in self._fields:
            self._show(name, errors.get(name, ""))
            if name not in errors:
                self._show_note(name, values.get(name))
        if errors:
            self.app.bell()
            return
        try:
            edit = self.build(values)
            after = edit.apply(self.project)  # every rule of the store, on the project as shown
        except ValidationError as error:
            name = error.path.rsplit(".", 1)[-1]
            self._show(name if name in self._fields else "form", worded(error, self.lang, located=False))
            self.app.bell()
            return
        except DuplicatePaymentError as error:
            self._duplicate(error, values)
            return
        except DriftError as error:
            self._show("form", worded(error, self.lang))
            self.app.bell()
            return
        edits = self._edits(edit)
        if not edits:
            self.dismiss(None)  # nothing changed: there is nothing to save
            return
        overspends = new_overspends(self.project, after)
        if overspends and values != self.overspend_confirmed:
            self.overspend_confirmed = values
            problem = t("md.semicolon", self.lang).join(describe(item, self.lang) for item in overspends)
            self._refused(t("form.overspend_confirm", self.lang, problem=problem))
            return
        if self.saver is None:
            self.dismiss(edits[0])
        else:
            self._show("form", t("form.saving", self.lang))
            self._save(edits, values)

    def _edits(self, edit: RecordEdit) -> list[RecordEdit]:
        """The record's edit unless it changes nothing, and the status date's when its move was accepted."""
        unchanged = isinstance(edit, EditRecord) and all(change.old == change.new for change in edit.changes)
        edits = [] if unchanged else [edit]
        moved_to = self._status_date_offered() if self.move_status_date else None
        if moved_to is not None:
            edits.append(status_date_edit(self.project, moved_to))
        return edits

    @work(thread=True, exclusive=True, group="save")
    def _save(self, edits: list[RecordEdit], values: dict[str, Any]) -> RecordEdit | None:
        """Save away from the UI thread: the lock may be held by a colleague for a moment. The saved edit, which
        closes the form once the worker is done (on_worker_state_changed): closed from here, the form would take
        its still running worker down with it, cancelled."""
        assert self.saver is not None
        try:
            self.saver(edits)
        except DuplicatePaymentError as error:  # recorded by someone else since the form opened
            self.app.call_from_thread(self._duplicate, error, values)
        except ConflictError as error:  # someone saved the same field since the form opened
            try:
                project, entries = self.latest() if self.latest is not None else (None, ())
            except DriftError as reading:
                self.app.call_from_thread(self._refused, f"{worded(error, self.lang)}; {worded(reading, self.lang)}")
                return None
            self.app.call_from_thread(self._conflicted, error, project, entries)
        except DriftError as error:
            self.app.call_from_thread(self._refused, worded(error, self.lang))
        else:
            return edits[0]
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "save" and event.state is WorkerState.SUCCESS and event.worker.result is not None:
            self.dismiss(event.worker.result)

    def _refused(self, reason: str) -> None:
        if not self.is_current:  # the app closed the form meanwhile: its project was removed
            return
        self._show("form", reason)
        self.app.bell()

    def _conflicted(self, error: ConflictError, project: Project | None, entries: tuple[HistoryEntry, ...]) -> None:
        """Theirs beside each field of yours they changed, and the dialog that asks which to keep."""
        if not self.is_current:
            return
        if self.latest is None:  # no way to read theirs: the store's one line is all there is
            self._refused(worded(error, self.lang))
            return
        conflicts = error.conflicts
        lang = self.lang
        for conflict in conflicts:
            if conflict.field in self._fields:
                by = who_changed(conflict, entries)
                theirs = show(conflict.theirs) + (f" ({by})" if by else "")
                self._show_as(conflict.field, t("form.conflict.theirs", lang, theirs=theirs), WARNING)
        self._show_as("form", t("form.conflict", lang), WARNING)
        self.app.bell()
        labels = {name: t(field.label, lang) for name, field in self._fields.items()}
        gone = project is None or any(conflict.field is None for conflict in conflicts)

        def chosen(answer: str | None) -> None:
            if answer is None or not self.is_current:
                return  # back to the form: theirs stays shown beside the fields
            if project is None:  # the project is gone: nothing is left to edit
                self.dismiss(None)
                return
            try:
                self.take_project(project)
            except DriftError:  # the record is gone
                self.dismiss(None)
                return
            untouched = [name for name in self._fields if _typed(self._raw(name)) == _typed(self._based_on[name])]
            if answer == THEIRS:
                self._keep_theirs([*untouched, *(c.field for c in conflicts if c.field in self._fields)])
            elif answer == MINE:  # what you did not change takes theirs, so that only what you changed lands
                self._take_theirs(untouched)
                self.action_save()

        self.app.push_screen(ConflictDialog(clashes(conflicts, entries, labels, lang), lang, gone=gone), chosen)

    def _take_theirs(self, names: list[str]) -> dict[str, str]:
        """Put the store's latest values (take_project) in these fields; what every field holds there, as text."""
        fresh = {field.name: field.initial for field in self.form_fields()}
        self._based_on = fresh
        for name in names:
            if _typed(self._raw(name)) == _typed(fresh[name]):
                continue
            self._set_here.add(name)
            widget = self.query_one(f"#{name}")
            if isinstance(widget, Select):
                widget.value = fresh[name] if fresh[name] else Select.NULL
            elif isinstance(widget, Input):
                widget.value = fresh[name]
        return fresh

    def _keep_theirs(self, names: list[str]) -> None:
        """Theirs in the fields they changed; the form closes unless other changes of yours are left to save."""
        fresh = self._take_theirs(names)
        left = [name for name in self._fields if _typed(self._raw(name)) != _typed(fresh[name])]
        if not left:
            self.app.notify(t("form.kept_theirs", self.lang), markup=False)
            self.dismiss(None)
            return
        self._show_as("form", t("form.kept_theirs.rest", self.lang), WARNING)

    def _show_as(self, name: str, message: str, style: str) -> None:
        self.query_one(f"#{name}-error", Static).update(styled(message, style))

    def _duplicate(self, error: DuplicatePaymentError, values: dict[str, Any]) -> None:
        """Say the payment is there already; a second save of the same values confirms it is another one."""
        self.duplicate_confirmed = values
        self._refused(t("form.duplicate", self.lang, same=worded(error, self.lang)))

    def action_cancel(self) -> None:
        self.dismiss(None)

    # Parsers shared by the forms.

    def _date(self, text: str) -> Date | None:
        return read_date(text) if text.strip() else None

    def _date_in_year(self, text: str) -> Date | None:
        date = self._date(text)
        if date is not None and money_date_problem(self.project, date):  # the store's rule, worded for the field
            years = money_years(self.project)
            raise FieldError(t("form.outside_money_years", self.lang, first=years[0], last=years[-1]))
        return date

    @staticmethod
    def _text(text: str) -> str:
        return check_text(text.strip())

    @staticmethod
    def _money(text: str) -> Any:
        return read_money(text)

    @staticmethod
    def _choice(value: Any) -> Any:
        return value

    def _sources(self) -> tuple[tuple[str, str], ...]:
        return tuple((f"{source.name} ({source.id})", source.id) for source in self.project.funding.sources)

    def _money_date_field(self, label: str, current: Any) -> FormField:
        """The date of a money record, in a year its money may move (the store's rule)."""
        initial = current.date.isoformat() if current else ""
        return FormField("date", label, self._date_in_year, initial, required=True, dated=True)

    def _source_field(self, current: Any, default: str = "") -> FormField:
        """The funding source of a money record: one the project lists, or the whole project."""
        # Money a report gives only for the whole project is a choice of its own, never what a blank field means.
        choices = (*self._sources(), (t("money.whole_project", self.lang), _WHOLE_PROJECT_CHOICE))
        initial = (current.source or _WHOLE_PROJECT_CHOICE) if current else default
        return FormField("source", "form.source", self._source, initial, choices=choices, required=True)

    def _source(self, value: Any) -> Any:
        """The chosen funding source, one the project lists by the store's rule (the choices offer no other)."""
        if value == _WHOLE_PROJECT_CHOICE:
            return WHOLE_PROJECT
        return listed_source(self.project, value) if value else value


_WHOLE_PROJECT_CHOICE = "(whole project)"
"""The form's value for money of the whole project: a Select cannot offer "" as a choice of its own."""


class _MoneyForm(EditForm):
    """A payment or an allocation: add one (record None) or edit one."""

    kind = ""
    reference = ""
    reference_label = ""

    def __init__(self, project: Project, record: str | None = None) -> None:
        super().__init__(project)
        self.record = record
        self.take_project(project)

    def take_project(self, project: Project) -> None:
        super().take_project(project)
        records = {r.id: r for r in getattr(project.funding, self.kind) or ()}  # allocations may be not stated
        if self.record is not None and self.record not in records:
            raise DriftError(f"no {self.kind} record {self.record!r} in project {project.code}")
        self.current = records.get(self.record) if self.record is not None else None

    def title_text(self) -> str:
        which = "edit" if self.record else "add"
        return t(f"form.{self.kind}.{which}", self.lang, id=self.record or "")

    def form_fields(self) -> list[FormField]:
        current = self.current
        listed = self._sources()
        return [
            self._money_date_field("form.date", current),
            self._source_field(current, listed[0][1] if len(listed) == 1 else ""),
            FormField("amount", "form.amount", self._money, str(current.amount) if current else "", required=True),
            FormField(
                self.reference, self.reference_label, self._text, getattr(current, self.reference) if current else ""
            ),
            FormField("note", "form.description", self._text, current.note if current else ""),
        ]

    def build(self, values: dict[str, Any]) -> RecordEdit:
        if self.record is None and self.kind == "allocations":
            return add_allocation(self.project.code, **values)
        if self.record is None:
            confirmed = values == self.duplicate_confirmed
            return add_payment(
                self.project.code, **values, duplicates=Duplicates.ALLOW if confirmed else Duplicates.REFUSE
            )
        return edit_record(self.project, self.kind, self.record, **values)


class PaymentForm(_MoneyForm):
    """Add or edit a payment (支出): date, source, amount, voucher, description."""

    kind = "payments"
    reference = "voucher"
    reference_label = "form.voucher"


class AllocationForm(_MoneyForm):
    """Add or edit an allocation (下达): date, source, amount, document number, description."""

    kind = "allocations"
    reference = "document"
    reference_label = "form.document"


class ReportedFigureForm(EditForm):
    """Record a cumulative figure a report states as of a date, allocated, paid or both, for a source or the whole
    project; or edit one (record its id)."""

    def __init__(self, project: Project, record: str | None = None) -> None:
        super().__init__(project)
        self.record = record
        self.take_project(project)

    def take_project(self, project: Project) -> None:
        super().take_project(project)
        figures = {figure.id: figure for figure in project.funding.reported}
        if self.record is not None and self.record not in figures:
            raise DriftError(f"no reported figure {self.record!r} in project {project.code}")
        self.current = figures.get(self.record) if self.record is not None else None

    def title_text(self) -> str:
        if self.record is not None:
            return t("form.reported.edit", self.lang, id=self.record)
        return t("form.reported.title", self.lang, name=self.project.name)

    def form_fields(self) -> list[FormField]:
        current = self.current

        def shown(figure: str) -> str:
            amount: Decimal | None = getattr(current, figure, None)
            return "" if amount is None else str(amount)

        return [
            self._money_date_field("form.reported.date", current),
            self._source_field(current),
            FormField("allocated", "form.reported.allocated", self._optional_money, shown("allocated")),
            FormField("paid", "form.reported.paid", self._optional_money, shown("paid")),
            FormField("reference", "form.claim.reference", self._text, current.reference if current else ""),
            FormField("note", "form.description", self._text, current.note if current else ""),
        ]

    def build(self, values: dict[str, Any]) -> RecordEdit:
        if values.get("allocated") is None and values.get("paid") is None:  # said on saving, not while typing
            raise DriftError(t("form.reported.neither", self.lang))
        if self.record is not None:
            return edit_record(self.project, "reported", self.record, **values)
        return add_reported_figure(self.project.code, **values)


class PhaseActualsForm(EditForm):
    """Set or clear a phase's actual start and end; an empty field clears the date."""

    def __init__(self, project: Project, phase: str) -> None:
        super().__init__(project)
        self.phase_id = phase
        self.take_project(project)

    def take_project(self, project: Project) -> None:
        super().take_project(project)
        found = next((p for p in project.phases if p.id == self.phase_id), None)
        if found is None:
            raise DriftError(f"no phase {self.phase_id!r} in project {project.code}")
        self.phase = found

    def title_text(self) -> str:
        return t("form.phase", self.lang, name=self.phase.name)

    def form_fields(self) -> list[FormField]:
        def shown(date: Date | None) -> str:
            return date.isoformat() if date else ""

        return [
            FormField("actual_start", "form.actual_start", self._date, shown(self.phase.actual_start), dated=True),
            FormField("actual_end", "form.actual_end", self._date, shown(self.phase.actual_end), dated=True),
        ]

    def cross_check(self, values: dict[str, Any]) -> dict[str, str]:
        start, end = values["actual_start"], values["actual_end"]
        if start and end and end < start:
            return {"actual_end": t("form.end_before_start", self.lang, start=start.isoformat())}
        return {}

    def build(self, values: dict[str, Any]) -> RecordEdit:
        return edit_record(self.project, "phases", self.phase.id, **values)


class IndicatorForm(EditForm):
    """Record an indicator's progress: value to date, full-year forecast, likelihood, deviation cause, remark."""

    def __init__(self, project: Project, indicator: str, rules: Rules = DEFAULT_RULES) -> None:
        super().__init__(project)
        self.rules = rules
        """The rules the project is analysed under: the 分值 its points are held to come from them."""
        self.indicator_id = indicator
        self.take_project(project)

    def take_project(self, project: Project) -> None:
        super().take_project(project)
        found = next((i for i in project.indicators if i.id == self.indicator_id), None)
        if found is None:
            raise DriftError(f"no indicator {self.indicator_id!r} in project {project.code}")
        self.indicator = found

    def title_text(self) -> str:
        return t("form.indicator", self.lang, name=self.indicator.level3, target=self.indicator.target.text)

    def form_fields(self) -> list[FormField]:
        current = self.indicator
        likelihoods = tuple((t(f"likelihood.{item}", self.lang), str(item)) for item in Likelihood)
        return [
            FormField("to_date", "form.to_date", self._measure, current.to_date),
            FormField("forecast", "form.forecast", self._measure, current.forecast),
            FormField(
                "likelihood",
                "form.likelihood",
                lambda value: Likelihood(value) if value else None,
                str(current.likelihood) if current.likelihood else "",
                choices=likelihoods,
            ),
            FormField("deviation_cause", "form.cause", self._text, current.deviation_cause),
            FormField(
                "cause_kinds",
                "form.cause_kinds",
                lambda text: typed_causes(text) if text.strip() else (),
                "、".join(CAUSE_NAMES[kind] for kind in current.cause_kinds),
            ),
            FormField("remark", "form.remark", self._text, current.remark),
            # The self-evaluation, at the year's end: what happened, and for a word target its grade.
            FormField("final", "form.final", self._measure, current.final),
            FormField("weight", "form.weight", _optional_points, _amount(current.weight)),
            FormField(
                "grade",
                "form.grade",
                lambda value: Grade(value) if value else None,
                str(current.grade) if current.grade else "",
                choices=tuple((t(f"grade.{grade}", self.lang), str(grade)) for grade in Grade),
            ),
            FormField("points", "form.points", _optional_points, _amount(current.points)),
        ]

    def _measure(self, text: str) -> str:
        """A value in the target's unit: "228.76万平方米" is kept as 2287600平方米 when the target counts 平方米."""
        return typed_quantity(self._text(text), self.indicator.target.unit)

    def build(self, values: dict[str, Any]) -> RecordEdit:
        edit = edit_record(self.project, "indicators", self.indicator.id, **values)
        after, _ = edit.perform(self.project)
        # Said on saving: whether points count depends on the grade and 分值 beside them, typed in any order.
        if refusal := points_refusal(after, self.indicator.id, self.rules, self.lang):
            raise DriftError(refusal)
        return edit


def _typed(value: Any) -> str:
    """A field's content as compared for "changed": a blank Select is an empty field."""
    return "" if value is None else str(value).strip()


def _amount(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _optional_points(text: str) -> Decimal | None:
    """分值 or 得分 as typed (7, 7.5分); empty is not stated, never 0."""
    return read_points(text) if text.strip() else None


class StatusDateForm(EditForm):
    """Set the project's status date (状态日期), the date its figures describe; empty clears it."""

    def title_text(self) -> str:
        return t("form.status_date.title", self.lang, name=self.project.name)

    def form_fields(self) -> list[FormField]:
        current = self.project.status_date
        return [FormField("status_date", "form.status_date", self._date, current.isoformat() if current else "")]

    def build(self, values: dict[str, Any]) -> RecordEdit:
        return status_date_edit(self.project, values["status_date"])


def status_date_edit(project: Project, date: Date | None) -> EditRecord:
    """Set (or, with None, clear) the project's status date: the date its figures describe."""
    return edit_record(project, "project", None, status_date=date)


class ClaimForm(EditForm):
    """Record what the report claims: what, as written, as of when, about what, where it says so, and how exactly."""

    def title_text(self) -> str:
        return t("form.claim.title", self.lang, name=self.project.name)

    def form_fields(self) -> list[FormField]:
        kinds = tuple((t(f"claim.kind.{kind}", self.lang), str(kind)) for kind in ClaimKind)
        project = self.project
        subjects = (
            *self._sources(),
            *((phase.name, phase.id) for phase in project.phases),
            *((f"{indicator.id} {indicator.level3}", indicator.id) for indicator in project.indicators),
        )
        return [
            FormField("kind", "form.claim.kind", self._choice, choices=kinds, required=True),
            FormField("value", "form.claim.value", self._text, required=True),
            FormField("date", "form.claim.date", self._date, required=True, dated=True),
            FormField("subject", "form.claim.subject", lambda value: value or "", choices=subjects),
            FormField("reference", "form.claim.reference", self._text),
            FormField(
                "tolerance", "form.claim.tolerance", lambda text: parse_tolerance(text) if text.strip() else None
            ),
        ]

    def cross_check(self, values: dict[str, Any]) -> dict[str, str]:
        """The value read for the kind, and a subject the kind allows (the store's own rules, worded per field)."""
        kind = ClaimKind(values["kind"]) if values["kind"] else None
        if kind is None:
            return {}
        errors = {}
        try:
            parse_claim_value(kind, typed_claim_value(self.project, kind, values["subject"], values["value"]))
        except ValidationError as error:
            errors["value"] = worded(error, self.lang, located=False)
        if problem := claim_subject_problem(self.project, kind, values["subject"]):
            errors["subject"] = worded(problem, self.lang)
        if values["tolerance"] is not None and (problem := tolerance_problem(kind, values["tolerance"])):
            errors["tolerance"] = worded(problem, self.lang)
        return errors

    def build(self, values: dict[str, Any]) -> RecordEdit:
        kind = ClaimKind(values["kind"])
        value = typed_claim_value(self.project, kind, values["subject"], values["value"])
        return add_claim(self.project.code, **(values | {"value": value}))


class Picker(Dialog[str | None]):
    """Which record to act on, from (label, id) choices; Enter picks, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "key.back")]
    DEFAULT_CSS = """
    Picker > .dialog-box { width: 60; }
    """

    def __init__(self, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        yield OptionList(*(Option(Text(label), id=record) for label, record in self.choices), classes=BOX)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
