"""Finding someone for an open role: the roster ranked for it, why each, their week after; then fill it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeView,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.services.views.candidates_view import Candidate, LoadAfter, candidates, load_after
from smarket_planner.services.views.open_roles_view import OpenRoleView
from smarket_planner.services.views.staffing_view import percent
from smarket_planner.ui.kit.background import BackgroundRunner, Cancelled, Progress
from smarket_planner.ui.kit.cell_editors import RecordOrder
from smarket_planner.ui.kit.dates import span_text
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import warning_colour
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.load_bar import LoadBar
from smarket_planner.ui.team.open_role_card import CardText

MOST = 15  # candidates listed: enough to choose from, few enough to read
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
WIDTHS = {0: 190, 1: 130, 2: 70, 3: 170}  # the last column (worked with) takes what is left


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate in the list: the person (their id is the row's), and where the ranking put them."""

    id: int
    rank: int
    candidate: Candidate


def worked_with_text(candidate: Candidate) -> str:
    """The team members a candidate has worked with, and where: "Priya Raman (Pulse 3.0 Launch)"."""
    return "; ".join(f"{name} ({team})" for name, team in candidate.worked_with)


def role_heading(role: OpenRoleView, card: CardText, warn: str) -> str:
    """The role in rich text: what it is and when (late or not), the skills wanted, and whether in pencil."""
    top = f"<b>{escape(role.summary)}</b> · {escape(role.role.label)} · {escape(card.when)}"
    if card.late:
        top += f" · <span style='color:{warn}'><b>{escape(card.late)}</b></span>"
    details = [f"Skills wanted: {escape(', '.join(role.skills))}" if role.skills else "No skills named"]
    if role.pencilled:
        details.append(f"✎ In pencil: {escape(role.task_force_name)} is {escape(role.status.label.lower())}")
    return f"{top}<br>{' · '.join(details)}"


class CandidatesDialog(EditDialog):
    """The people best placed for an open role, with the reason for each and their load once it is filled."""

    def __init__(
        self,
        session: PlanSession,
        role: OpenRoleView,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(session, f"Find people for {role.name} on {role.task_force_name}", parent)
        self.role = role
        self.today = today
        card = CardText.of(role, today or date.today())
        self.heading = QLabel(role_heading(role, card, warning_colour(self.palette()).name()))
        self.heading.setWordWrap(True)
        self.status = QLabel("Looking through the roster…")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.model = RecordTableModel(self._columns(), self)
        self.proxy = RecordOrder(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # as ranked, until clicked
        self.view.setSortingEnabled(True)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in WIDTHS.items():
            header.resizeSection(column, width)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        self.view.selectionModel().currentRowChanged.connect(self._chosen)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.load_text = QLabel()
        self.load_text.setWordWrap(True)
        self.load_bar = LoadBar()
        self.load: LoadAfter | None = None
        for number, widget in enumerate(
            (self.heading, self.status, self.view, self.reason, self.load_bar, self.load_text)
        ):
            self.body.insertWidget(number, widget, 1 if widget is self.view else 0)
        fill = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        fill.setText("&Fill role")
        fill.setToolTip("Put the person chosen on the team in this role (Edit ▸ Undo takes it back)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        self.setMinimumSize(640, 440)
        self.resize(860, 580)
        self.runner = BackgroundRunner()  # no parent: a search still going outlives a closed dialog
        self.runner.finished.connect(self._found)
        self.runner.failed.connect(self._not_found)
        self.runner.synchronous = synchronous
        self._show_choice(None)
        self.rank_people()

    def _columns(self) -> list[Column]:
        warn = warning_colour(self.palette())
        return [
            Column(
                "Name",
                lambda r: r.candidate.name,
                colour=lambda r: QColor(r.candidate.function_colour),
                tooltip=lambda r: r.candidate.reason,
                sort_key=lambda r: r.rank,
            ),
            Column(
                "Function",
                lambda r: r.candidate.function_name,
                tooltip=lambda r: "The role's function" if r.candidate.same_function else "Another function",
            ),
            Column(
                "Free",
                lambda r: percent(r.candidate.free_pct),
                sort_key=lambda r: r.candidate.free_pct,
                foreground=lambda r: None if r.candidate.can_take else warn,
                tooltip=lambda r: self._free_tip(r.candidate),
                align=RIGHT,
            ),
            Column("Skills matched", lambda r: ", ".join(r.candidate.skills_matched)),
            Column(
                "Worked with",
                lambda r: ", ".join(name for name, _team in r.candidate.worked_with),
                tooltip=lambda r: worked_with_text(r.candidate),
            ),
        ]

    def _free_tip(self, candidate: Candidate) -> str:
        when = span_text(self.role.first_day, self.role.last_day)
        enough = "enough for" if candidate.can_take else "less than"
        asked = percent(self.role.allocation_pct)
        return f"At least {percent(candidate.free_pct)} free ({when}): {enough} the {asked} asked"

    # -- finding -----------------------------------------------------------------------------
    def rank_people(self) -> None:
        """Rank the roster for the role, off the window's thread; the list fills in when done."""
        plan, role_id, today = self.session.plan, self.role.id, self.today

        def work(_progress: Progress, _cancelled: Cancelled) -> list[Candidate]:
            return candidates(plan, role_id, limit=MOST, today=today)

        self.status.setText("Looking through the roster…")
        self.runner.start(work)

    def _found(self, result: object) -> None:
        assert isinstance(result, list)
        self.model.set_records(Ranked(c.person_id, rank, c) for rank, c in enumerate(result))
        if not result:
            self.status.setText("No one in the roster can be offered for this role.")
            return
        able = sum(c.can_take for c in result)
        have = {len(result): "all have", 0: "none has", 1: "one has"}.get(able, f"{able} have")
        found = "The one person found" if len(result) == 1 else f"The {len(result)} best placed, best first"
        self.status.setText(
            f"{found}; {have} {percent(self.role.allocation_pct)} free throughout. "
            "Choose one to see their week with this role."
        )
        self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _not_found(self, message: str) -> None:
        self.status.setText(message)

    # -- the one chosen ----------------------------------------------------------------------
    def chosen(self) -> Candidate | None:
        """The candidate in the current row, if any."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        ranked: Ranked = self.model.record(self.proxy.mapToSource(index).row())
        return ranked.candidate

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.clear_error()
        self._show_choice(self.chosen() if current.isValid() else None)

    def _show_choice(self, candidate: Candidate | None) -> None:
        fill = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        fill.setEnabled(candidate is not None)
        self.load = None
        if candidate is None:
            self.reason.setText("")
            self.load_text.setText("")
            self.load_bar.clear()
            self.load_bar.hide()
            return
        self.reason.setText(f"<b>Why {escape(candidate.name)}:</b> {escape(candidate.reason)}")
        try:
            self.load = load_after(self.session.plan, self.role.id, candidate.person_id, today=self.today)
        except DomainError as error:  # the role or the person went meanwhile
            self.load_text.setText(escape(str(error)))
            self.load_bar.hide()
            return
        self._show_load(self.load)

    def _show_load(self, load: LoadAfter) -> None:
        before = f"peak {percent(load.peak_before)} now"
        text = f"<b>Their week with this role:</b> {escape(load.breakdown)} ({before})"
        if load.over_capacity:
            colour = warning_colour(self.palette()).name()
            text = (
                f"<span style='color:{colour}'>⚠ <b>Over capacity with this role:</b> "
                f"{escape(load.breakdown)} ({before}). You can still fill the role with them.</span>"
            )
        self.load_text.setText(text)
        self.load_bar.set_load(load.shares, load.capacity_pct, self.role.task_force_name)
        self.load_bar.show()

    # -- filling -----------------------------------------------------------------------------
    def commit(self) -> bool | None:
        """Put the candidate chosen on the team in the role's place, as one undo step."""
        candidate = self.chosen()
        if candidate is None:
            self.show_error("Choose someone from the list first.", "")
            return False
        plan, role = self.session.plan, self.role
        label = f"Fill open role: {role.name}, with {candidate.name}"
        return self.edit(
            lambda: services.fill_open_role(plan, role.id, candidate.person_id, seen=role.version), label
        )

    def done(self, result: int) -> None:
        """Close; a search still going is no longer heard."""
        self.runner.blockSignals(True)
        super().done(result)
