"""The lessons library's reading pane: one lesson whole, and the way to the task force that learned it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from smarket_planner.services.views.lessons_view import LearnedLesson
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.marks import OUTCOME_MARKS
from smarket_planner.ui.portfolio.lessons_model import outcome_colour

# The parts of a lesson, in the order a review writes them: (heading, the record's field).
PARTS = (
    ("What happened", "what_happened"),
    ("Why", "why"),
    ("The data", "evidence"),
    ("Next time", "next_time"),
)
TWO_COLUMNS = 90  # characters of an average width from which the parts go in two columns


def paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs, its line breaks kept."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    return "".join(
        f"<p style='margin: 0 0 6px 0'>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks
    )


class LessonDetail(QWidget):
    """A lesson whole: its outcome, who learned it and when, what happened, why, the data, next time."""

    task_force_activated = Signal(int)  # "Go to task force": the id of the one that learned it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson: LearnedLesson | None = None
        self._written_in_two = False
        self.text = QTextBrowser()
        self.text.setObjectName("lesson-detail")
        self.text.setOpenLinks(False)
        self.text.setTabChangesFocus(True)  # read-only: Tab moves on to the button
        self.text.setFrameShape(QFrame.Shape.StyledPanel)
        self.text.setAccessibleName("The lesson chosen")
        self.go_button = QPushButton("Go to Task Force")
        self.go_button.setToolTip("Open the task force that learned this lesson (Enter in the list)")
        self.go_button.clicked.connect(self._go)
        self.footer = QHBoxLayout()  # the button, and whatever the library says beside it
        self.footer.setContentsMargins(0, 0, 0, 0)
        self.footer.addStretch(1)
        self.footer.addWidget(self.go_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addLayout(self.footer)
        self.show_lesson(None)

    def show_lesson(self, lesson: LearnedLesson | None) -> None:
        """Show a lesson whole, or a quiet line saying to choose one."""
        self.lesson = lesson
        self.go_button.setEnabled(lesson is not None)
        self.go_button.setToolTip(
            f"Open {lesson.task_force_name}, the task force that learned this lesson (Enter in the list)"
            if lesson is not None
            else "Choose a lesson to open the task force that learned it"
        )
        self._write()

    def changeEvent(self, event: QEvent) -> None:
        """Colour the outcome again for a new light or dark scheme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "go_button"):
            self._write()

    def _go(self) -> None:
        if self.lesson is not None:
            self.task_force_activated.emit(self.lesson.task_force_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay the four parts out again when the pane grows wide enough for two columns, or no longer is."""
        super().resizeEvent(event)
        if self._two_columns() != self._written_in_two:
            self._write()

    def _two_columns(self) -> bool:
        return self.text.viewport().width() >= self.fontMetrics().averageCharWidth() * TWO_COLUMNS

    def _write(self) -> None:
        palette = self.text.palette()
        quiet = palette.color(QPalette.ColorRole.PlaceholderText).name()
        self._written_in_two = self._two_columns()
        lesson = self.lesson
        if lesson is None:
            self.text.setHtml(f"<p style='color: {quiet}'>Choose a lesson to read it whole.</p>")
            return
        record = lesson.record
        colour = outcome_colour(record.outcome, palette).name()
        sign_and_words = f"{OUTCOME_MARKS[record.outcome][0]}\u00a0{escape(record.outcome.label)}"
        day = day_text(lesson.learned_on).replace(" ", "\u00a0")  # a date never breaks
        learned = " \u00b7 ".join(
            escape(part) for part in (lesson.task_force_name, lesson.task_force_kind.label, day) if part
        )
        about = []
        if lesson.function_names:
            about.append(f"<b>Functions</b>\u2002{escape(', '.join(lesson.function_names))}")
        if record.tag_list:
            about.append(f"<b>Tags</b>\u2002{escape(', '.join(record.tag_list))}")
        html = [
            f"<p style='margin: 0 0 4px 0; font-size: large'><b>{escape(record.title)}</b></p>",
            f"<p style='margin: 0 0 4px 0'><span style='color: {colour}'><b>{sign_and_words}</b></span>"
            f" <span style='color: {quiet}'>\u00b7 {learned}</span></p>",
        ]
        if about:
            html.append(
                "<p style='margin: 0 0 6px 0'>"
                + f" <span style='color: {quiet}'>\u00b7</span> ".join(about)
                + "</p>"
            )
        parts = []
        for heading, field in PARTS:
            said = str(getattr(record, field)).strip()
            body = (
                paragraphs(said)
                if said
                else f"<p style='margin: 0; color: {quiet}'><i>Not written down.</i></p>"
            )
            parts.append(f"<p style='margin: 10px 0 2px 0'><b>{heading}</b></p>{body}")
        if self._written_in_two:  # What happened beside Why, the data beside Next time
            cell = "<td width='50%' valign='top' style='padding: 0 16px 8px 0'>{}</td>"
            rows = [parts[:2], parts[2:]]
            html.append(
                "<table width='100%' cellspacing='0' cellpadding='0' style='margin-top: 6px'>"
                + "".join("<tr>" + "".join(cell.format(part) for part in row) + "</tr>" for row in rows)
                + "</table>"
            )
        else:
            html.extend(parts)
        self.text.setHtml("".join(html))
        self.text.verticalScrollBar().setValue(0)
