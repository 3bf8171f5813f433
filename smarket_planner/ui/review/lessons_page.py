"""Step 3, lessons: what worked and what hurt, why, with the data, and what to do next time."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.domain.records import EntityKind, Lesson
from smarket_planner.services.reports.review import ReviewReport
from smarket_planner.services.views.goals_view import functions_of
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.marks import OUTCOME_MARKS
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.scheme import text_on_base
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.lesson_dialog import BLAMELESS, LessonDialog
from smarket_planner.ui.review.parts import ReviewHooks, ReviewPage, plural, quiet, review_table, section_bar

K = EntityKind.LESSON
DOT = " \u00b7 "  # between the parts of a line
PARTS = (
    ("What happened", "what_happened"),
    ("Why", "why"),
    ("The data", "evidence"),
    ("Next time", "next_time"),
)


def paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs, its line breaks kept."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    return "".join(f"<p style='margin: 0 0 6px 0'>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def banner(text: str, icon: QStyle.StandardPixmap, owner: QWidget) -> QFrame:
    """A framed line of guidance with an icon before it."""
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setAutoFillBackground(True)
    frame.setBackgroundRole(QPalette.ColorRole.AlternateBase)
    mark = QLabel()
    size = owner.fontMetrics().height() + 4
    mark.setPixmap(owner.style().standardIcon(icon).pixmap(size, size))
    words = QLabel(text)
    words.setWordWrap(True)
    row = QHBoxLayout(frame)
    row.setContentsMargins(10, 6, 10, 6)
    row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(words, 1)
    return frame


class LessonsPage(ReviewPage):
    """The lessons of the task force: a list to add to, edit and remove from, and the one chosen, whole."""

    step = "Lessons"

    def __init__(self, session: PlanSession, hooks: ReviewHooks, parent: QWidget | None = None) -> None:
        super().__init__(session, hooks, parent)
        self.intro.setText(
            "What worked and what hurt, while it is fresh. The next task force of this kind, and teams with "
            "the same functions, see these lessons when they form."
        )
        self.guidance = banner(BLAMELESS, QStyle.StandardPixmap.SP_MessageBoxInformation, self)
        self.model = RecordTableModel(self._columns(), self)
        self.view: QTableView = review_table(self.model)
        self.view.setAccessibleName("Lessons")
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setColumnWidth(0, 116)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(2, 150)
        trash = QStyle.StandardPixmap.SP_TrashIcon
        context = Qt.ShortcutContext.WidgetShortcut
        self.add_action = command(
            self.view, "&Add Lesson…", self.add, "Ins", QStyle.StandardPixmap.SP_FileDialogNewFolder, context
        )
        self.edit_action = command(self.view, "&Edit Lesson…", self.edit, "F2", None, context)
        self.remove_action = command(self.view, "Re&move Lesson", self.remove, "Del", trash, context)
        bar, _heading = section_bar("Lessons", [self.add_action, self.edit_action, self.remove_action])
        self.empty = quiet("No lessons yet. Add what worked and what hurt: one lesson each, with the data.")
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName("The lesson chosen")
        self.detail.setTabChangesFocus(True)
        left = QWidget()
        list_column = QVBoxLayout(left)
        list_column.setContentsMargins(0, 0, 0, 0)
        list_column.addLayout(bar)
        list_column.addWidget(self.empty)
        list_column.addWidget(self.view, 1)
        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(self.detail)
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([560, 380])
        self.column.addWidget(self.guidance)
        self.column.addWidget(self.split, 1)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self._chosen()

    def _columns(self) -> list[Column]:
        def outcome(lesson: Lesson) -> str:
            sign, _colour = OUTCOME_MARKS[lesson.outcome]
            return f"{sign}  {lesson.outcome.label}"

        def colour(lesson: Lesson) -> QColor:
            return text_on_base(OUTCOME_MARKS[lesson.outcome][1], self.view.palette())

        return [
            Column("Outcome", outcome, foreground=colour),
            Column("Lesson", lambda lesson: lesson.title, tooltip=lambda lesson: lesson.title),
            Column("Functions", self._function_names, tooltip=self._function_names),
        ]

    def _function_names(self, lesson: Lesson) -> str:
        names = self.report.functions if self.report is not None else {}
        return ", ".join(names.get(ident, "") for ident in lesson.function_ids if ident in names)

    def show_report(self, report: ReviewReport) -> None:
        """Show the lessons as they stand; the one chosen stays chosen."""
        super().show_report(report)
        self.model.sync_records(report.lessons, ordered=True)
        self.empty.setVisible(not report.lessons)
        self.select_wanted()
        self._chosen()

    def badge(self) -> str:
        """How many lessons are written down."""
        return (
            plural(len(self.report.lessons), "lesson")
            if self.report is not None and self.report.lessons
            else ""
        )

    def current(self) -> Lesson | None:
        """The lesson chosen, if any."""
        index = self.view.currentIndex()
        record = self.model.record(index.row()) if index.isValid() else None
        return record if isinstance(record, Lesson) else None

    def select(self, ident: int) -> bool:
        """Choose a lesson in the list."""
        row = self.model.row_of(ident)
        if row is not None:
            self.view.selectRow(row)
        return row is not None

    def _chosen(self) -> None:
        lesson = self.current()
        writable = not self.session.plan.read_only
        self.add_action.setEnabled(writable and self.report is not None)
        self.edit_action.setEnabled(writable and lesson is not None)
        self.remove_action.setEnabled(writable and lesson is not None)
        self._write(lesson)

    def changeEvent(self, event: QEvent) -> None:
        """Colour the lesson shown again for a new light or dark scheme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "detail"):
            self._write(self.current())

    def _write(self, lesson: Lesson | None) -> None:
        palette = self.detail.palette()
        grey = palette.color(QPalette.ColorRole.PlaceholderText).name()
        if lesson is None:
            words = (
                "Choose a lesson to read it whole." if self.model.rowCount() else "Lessons you add show here."
            )
            self.detail.setHtml(f"<p style='color: {grey}'>{words}</p>")
            return
        sign, colour = OUTCOME_MARKS[lesson.outcome]
        ink = text_on_base(colour, palette).name()
        about = [f"<span style='color: {ink}'><b>{sign}\u00a0{escape(lesson.outcome.label)}</b></span>"]
        if lesson.recorded_on is not None:
            about.append(
                f"<span style='color: {grey}'>recorded {escape(day_text(lesson.recorded_on))}</span>"
            )
        html = [
            f"<p style='margin: 0 0 4px 0; font-size: large'><b>{escape(lesson.title)}</b></p>",
            f"<p style='margin: 0 0 6px 0'>{DOT.join(about)}</p>",
        ]
        for heading, field in PARTS:
            said = str(getattr(lesson, field)).strip()
            body = (
                paragraphs(said)
                if said
                else f"<p style='margin: 0; color: {grey}'><i>Not written down.</i></p>"
            )
            html.append(f"<p style='margin: 10px 0 2px 0'><b>{heading}</b></p>{body}")
        functions = self._function_names(lesson)
        tags = ", ".join(lesson.tag_list)
        if functions or tags:
            parts = [f"<b>Functions</b>\u2002{escape(functions)}" if functions else ""]
            parts.append(f"<b>Tags</b>\u2002{escape(tags)}" if tags else "")
            html.append(f"<p style='margin: 10px 0 0 0'>{DOT.join(p for p in parts if p)}</p>")
        self.detail.setHtml("".join(html))

    # -- edits ------------------------------------------------------------------------------
    def _open(self, lesson: Lesson) -> LessonDialog:
        plan = self.session.plan
        people = sorted(self.report.people.values(), key=len, reverse=True) if self.report is not None else []
        dialog = LessonDialog(self.session, lesson, functions_of(plan), people, self.window())
        dialog.accepted.connect(lambda: self._made(dialog))
        dialog.open()
        return dialog

    def _made(self, dialog: LessonDialog) -> None:
        made = getattr(dialog.outcome, "value", None)
        if isinstance(made, Lesson) and not self.select(made.id):
            self.wanted = made.id  # chosen once the review shows it

    def add(self) -> LessonDialog | None:
        """Open a dialog to write a new lesson."""
        if self.report is None or self.session.plan.read_only:
            return None
        return self._open(Lesson(0, self.report.task_force.id, "", recorded_on=date.today()))

    def edit(self) -> LessonDialog | None:
        """Open the lesson chosen to change it."""
        lesson = self.current()
        return self._open(lesson) if lesson is not None and not self.session.plan.read_only else None

    def remove(self) -> bool:
        """Remove the lesson chosen, after asking (undo brings it back)."""
        lesson = self.current()
        if lesson is None or not confirm_removal(self.window(), self.session, K, [lesson.id], lesson.title):
            return False
        return (
            self.session.delete(K, lesson.id, lesson.version, f"Remove lesson '{lesson.title}'") is not None
        )
