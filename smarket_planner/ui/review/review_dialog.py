"""The review of a task force: a guided dialog of five steps, from the KPI scorecard to the open questions.

It opens when a task force disperses, and again whenever asked (a mid-way review of an active team, a
dispersed one looked back on). Every change it makes is one step on the plan's undo stack, and it
follows changes made elsewhere while it is open.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.services import ChangeNotice
from smarket_planner.services.reports.review import ReviewReport, review_report
from smarket_planner.ui.kit.dates import day_text, span_text
from smarket_planner.ui.kit.marks import status_icon
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.credits_page import CreditsPage
from smarket_planner.ui.review.lessons_page import LessonsPage
from smarket_planner.ui.review.parts import ReviewHooks, ReviewPage, bold, quiet
from smarket_planner.ui.review.questions_page import QuestionsPage
from smarket_planner.ui.review.record_page import RecordPage
from smarket_planner.ui.review.scorecard_page import GRADES_HELP, GUIDE_PAGE, ScorecardPage

# The statuses a task force may be reviewed in: at the end, later, or half-way through.
REVIEWABLE = frozenset({LifecycleStatus.ACTIVE, LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED})
SIZE = (1180, 740)
PDF_FILTER = "PDF documents (*.pdf)"


def file_name(name: str) -> str:
    """A task force's name made safe for a file name."""
    kept = "".join(c if c.isalnum() or c in " -_.,()&'" else " " for c in name)
    return " ".join(kept.split()) or "Task force"


class ReviewDialog(QDialog):
    """Look back on a task force step by step; add its lessons and credits; everything undoable."""

    gone = Signal(int)  # the task force reviewed was deleted meanwhile: the dialog closes

    def __init__(
        self,
        session: PlanSession,
        task_force_id: int,
        parent: QWidget | None = None,
        *,
        hooks: ReviewHooks | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.task_force_id = task_force_id
        self.hooks = hooks or ReviewHooks()
        self._today = today  # None: the day it is, each time the review is worked out
        self.report: ReviewReport | None = None
        self._pending = False  # a refresh is on its way
        self._stale = False  # the plan changed while the dialog was hidden
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.heading = bold(QLabel(), 1.5)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.about = QLabel()
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.about.setWordWrap(True)
        self.status_dot = QLabel()
        self.scorecard = ScorecardPage(session, self.hooks)
        self.record = RecordPage(session, self.hooks)
        self.lessons = LessonsPage(session, self.hooks)
        self.credits = CreditsPage(session, self.hooks)
        self.questions = QuestionsPage(session, self.hooks)
        self.pages: list[ReviewPage] = [
            self.scorecard,
            self.record,
            self.lessons,
            self.credits,
            self.questions,
        ]
        self.steps = QListWidget()
        self.steps.setObjectName("review-steps")
        self.steps.setAccessibleName("Steps of the review")
        self.steps.setFixedWidth(self.fontMetrics().horizontalAdvance("M") * 15)
        self.steps.setSpacing(3)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.steps.addItem(QListWidgetItem())
            self.stack.addWidget(page)
        self.steps.currentRowChanged.connect(self._show_step)
        self._build()
        self.session.changed.connect(self._plan_changed)
        self.refresh()
        self.go_to(0)
        self.resize(*SIZE)

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        style = self.style()
        self.guide_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion), "How &Grades Work"
        )
        self.guide_button.setToolTip(GRADES_HELP)
        self.guide_button.clicked.connect(self.open_guide)
        self.guide_button.setVisible(self.hooks.open_guide is not None)
        self.export_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton), "&Export PDF…"
        )
        self.export_button.setToolTip(
            "Save the after-action review as a PDF in the charter's style: scorecard, work, lessons, credits"
        )
        self.export_button.clicked.connect(self.export_pdf)
        stack = self.session.undo_stack
        self.undo_action = self._edit_action(
            "Undo", QKeySequence.StandardKey.Undo, stack.undo, QStyle.StandardPixmap.SP_ArrowBack
        )
        self.redo_action = self._edit_action(
            "Redo", QKeySequence.StandardKey.Redo, stack.redo, QStyle.StandardPixmap.SP_ArrowForward
        )
        for signal in (stack.indexChanged, stack.cleanChanged, stack.canUndoChanged, stack.canRedoChanged):
            signal.connect(lambda *_: self._follow_undo())
        self._follow_undo()
        self.back = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_ArrowLeft), "&Back")
        self.back.clicked.connect(lambda: self.go_to(self.steps.currentRow() - 1))
        self.next = QPushButton("&Next")
        self.next.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowRight))
        self.next.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the arrow after the word
        self.next.clicked.connect(self._forward)
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip(
            "Close the review: everything is saved already; reopen it from Task Force ▸ Review…"
        )
        self.close_button.clicked.connect(self.close)
        for button in (self.guide_button, self.export_button, self.back, self.next, self.close_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.note = quiet()
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        title_row = QHBoxLayout()
        title_row.addWidget(self.heading, 1)
        about_row = QHBoxLayout()
        about_row.addWidget(self.status_dot)
        about_row.addWidget(self.about, 1)
        walk = quiet(
            "Go through the steps in order, or jump to any. Every change is saved at once; "
            "Undo takes it back."
        )
        left = QVBoxLayout()
        left.addWidget(self.steps, 1)
        left.addWidget(walk)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addSpacing(12)
        body.addWidget(self.stack, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.guide_button)
        footer.addWidget(self.export_button)
        footer.addSpacing(12)
        for action in (self.undo_action, self.redo_action):
            edit = QToolButton()
            edit.setDefaultAction(action)
            edit.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            footer.addWidget(edit)
        footer.addWidget(self.note, 1)
        footer.addWidget(self.back)
        footer.addWidget(self.next)
        footer.addSpacing(12)
        footer.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(title_row)
        layout.addLayout(about_row)
        layout.addSpacing(8)
        layout.addLayout(body, 1)
        layout.addSpacing(4)
        layout.addLayout(footer)

    def _edit_action(
        self, text: str, keys: QKeySequence.StandardKey, slot: object, icon: QStyle.StandardPixmap
    ) -> QAction:
        """Undo or Redo of the plan's whole history, here as in the main window (same stack)."""
        action = QAction(self.style().standardIcon(icon), text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _follow_undo(self) -> None:
        stack = self.session.undo_stack
        for action, word, can, named in (
            (self.undo_action, "Undo", stack.canUndo(), stack.undoText()),
            (self.redo_action, "Redo", stack.canRedo(), stack.redoText()),
        ):
            action.setEnabled(can)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(
                f"{word} {named} ({keys})".replace("  ", " ") if can else f"Nothing to {word.lower()}"
            )

    # -- the review --------------------------------------------------------------------------
    @property
    def today(self) -> date:
        """The day the review is worked out for."""
        return self._today or date.today()

    def refresh(self) -> None:
        """Work the review out again and show it on every step; close if the task force is gone."""
        self._pending = self._stale = False
        try:
            task_force = services.get(self.session.plan, EntityKind.TASK_FORCE, self.task_force_id)
            report = review_report(self.session.plan, self.task_force_id, self.today)
        except DomainError:
            self.gone.emit(self.task_force_id)
            self.close()
            return
        assert isinstance(task_force, TaskForce)  # asked for by its kind
        self.report = report
        self.scorecard.check_in_day = (
            min(self.today, task_force.end_date) if task_force.end_date else self.today
        )
        self._show_heading(report)
        for page in self.pages:
            page.show_report(report)
        self._name_steps()

    def _show_heading(self, report: ReviewReport) -> None:
        task_force = report.task_force
        self.setWindowTitle(f"Review of {task_force.name}")
        self.heading.setText(f"Review: {task_force.name}")
        size = self.fontMetrics().height()
        self.status_dot.setPixmap(status_icon(task_force.status).pixmap(size, size))
        lead = report.person(task_force.lead_id)
        parts = [
            task_force.kind.label,
            f"<b>{escape(task_force.status.label)}</b>",
            escape(span_text(task_force.start_date, task_force.end_date)),
            f"led by {escape(lead)}" if lead else "",
            f"reviewed as of {escape(day_text(self.today))}",
        ]
        self.about.setText(" \u00b7 ".join(part for part in parts if part))
        if task_force.status is LifecycleStatus.ACTIVE:
            self.about.setToolTip(
                "A mid-way review: the team is still at work, so the numbers may still move."
            )
        else:
            self.about.setToolTip("")

    def _name_steps(self) -> None:
        for row, page in enumerate(self.pages):
            item = self.steps.item(row)
            badge = page.badge()
            item.setText(f"{row + 1}.  {page.step}" + (f"\n      {badge}" if badge else ""))
            item.setToolTip(page.intro.text())

    def _plan_changed(self, _notices: tuple[ChangeNotice, ...]) -> None:
        """Work the review out again once the edit (here or anywhere) is in; several edits at once, once."""
        if not self.isVisible():
            self._stale = True
        elif not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.refresh)

    # -- steps -------------------------------------------------------------------------------
    def go_to(self, step: int) -> None:
        """Show a step (0 to 4)."""
        if 0 <= step < len(self.pages):
            self.steps.setCurrentRow(step)

    def current_step(self) -> int:
        """The step shown."""
        return self.stack.currentIndex()

    def _show_step(self, step: int) -> None:
        if step < 0:
            return
        self.stack.setCurrentIndex(step)
        last = step == len(self.pages) - 1
        self.back.setEnabled(step > 0)
        self.next.setText("&Done" if last else "&Next")
        self.next.setToolTip(
            "Close the review (everything is saved)" if last else f"On to {self.pages[step + 1].step.lower()}"
        )

    def _forward(self) -> None:
        step = self.steps.currentRow()
        if step >= len(self.pages) - 1:
            self.close()
        else:
            self.go_to(step + 1)

    # -- help and export --------------------------------------------------------------------
    def open_guide(self) -> None:
        """Show the user guide's page on the review and how its grades are worked out."""
        if self.hooks.open_guide is not None:
            self.hooks.open_guide(GUIDE_PAGE)

    def export_pdf(self) -> Path | None:
        """Ask where, then save the after-action review as a PDF; where it went, or None."""
        name = self.report.task_force.name if self.report is not None else "Task force"
        suggested = Path.home() / f"{file_name(name)} review.pdf"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export Review as PDF", str(suggested), PDF_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        return self.write_pdf(path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf"))

    def write_pdf(self, path: Path) -> Path | None:
        """Save the after-action review as a PDF at ``path``; where it went, or None (and why, in a box)."""
        from smarket_planner.services.reports.review_pdf import write_review_pdf  # ReportLab: only when asked

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = write_review_pdf(self.session.plan, self.task_force_id, path, self.today)
        except (DomainError, OSError) as error:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "The review could not be saved", str(error))
            return None
        QApplication.restoreOverrideCursor()
        self.note.setText(f"Saved the review as {written}")
        return written

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with what changed while the dialog was hidden."""
        if self._stale:
            self.refresh()
        super().showEvent(event)
