"""The lessons library's rows: every lesson of the plan, filtered and sorted in Python as the user types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from smarket_planner.domain.enums import LessonOutcome, TaskForceKind
from smarket_planner.services.views.lessons_view import LearnedLesson, outcome_counts
from smarket_planner.services.views.staffing_view import search_key
from smarket_planner.ui.kit.marks import OUTCOME_MARKS
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.scheme import legible

OUTCOME_ORDER = {outcome: rank for rank, outcome in enumerate(LessonOutcome)}


@dataclass(frozen=True, slots=True)
class LessonFilter:
    """What the library shows: the words searched for, and one kind, function, tag and outcome (or any)."""

    search: str = ""
    kind: TaskForceKind | None = None
    function_id: int | None = None
    tag: str | None = None  # folded, as ``tag_key`` folds it
    outcome: LessonOutcome | None = None

    @property
    def active(self) -> bool:
        """Whether anything narrows the list."""
        return bool(self.search.strip()) or self != LessonFilter(search=self.search)

    def but_outcome(self) -> LessonFilter:
        """The same filter for any outcome (what the outcome buttons count)."""
        return replace(self, outcome=None)


def tag_key(tag: str) -> str:
    """A tag folded for comparing: "Launch timing" and "launch  timing" are one tag."""
    return " ".join(search_key(tag).split())


def outcome_text(outcome: LessonOutcome) -> str:
    """An outcome short, with its sign: "✓ Worked"."""
    return f"{OUTCOME_MARKS[outcome][0]} {outcome.value.capitalize()}"


@cache  # three colours on one or two backgrounds: worked out once each
def _legible(colour: str, base: str) -> QColor:
    return legible(colour, QColor(base))


def outcome_colour(outcome: LessonOutcome, palette: QPalette | None = None) -> QColor:
    """The outcome's colour, readable on the lists of the palette (the app's by default), light or dark."""
    base = (palette or QGuiApplication.palette()).color(QPalette.ColorRole.Base)
    return _legible(OUTCOME_MARKS[outcome][1], base.name())


def sign_icon(outcome: LessonOutcome, palette: QPalette, size: int = 16) -> QIcon:
    """An outcome's sign in its colour, as an icon beside a button's words."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(size - 2)
    painter.setFont(font)
    painter.setPen(outcome_colour(outcome, palette))
    painter.drawText(0, 0, size, size, Qt.AlignmentFlag.AlignCenter, OUTCOME_MARKS[outcome][0])
    painter.end()
    return QIcon(pixmap)


COLUMNS = [
    Column(
        "Title",
        lambda lesson: lesson.record.title,
        tooltip=lambda lesson: lesson.record.title,
        sort_key=lambda lesson: lesson.record.title.casefold(),
    ),
    Column(
        "Outcome",
        lambda lesson: outcome_text(lesson.record.outcome),
        tooltip=lambda lesson: lesson.record.outcome.label,
        foreground=lambda lesson: outcome_colour(lesson.record.outcome),
        sort_key=lambda lesson: OUTCOME_ORDER[lesson.record.outcome],
    ),
    Column(
        "Task force",
        lambda lesson: lesson.task_force_name,
        tooltip=lambda lesson: lesson.task_force_name,
        sort_key=lambda lesson: lesson.task_force_name.casefold(),
    ),
    Column(
        "Kind",
        lambda lesson: lesson.task_force_kind.label,
        tooltip=lambda lesson: lesson.task_force_kind.label,
    ),
    Column(
        "Functions",
        lambda lesson: ", ".join(lesson.function_names),
        tooltip=lambda lesson: ", ".join(lesson.function_names),
        sort_key=lambda lesson: ", ".join(lesson.function_names).casefold() or "\uffff",
    ),
    Column(
        "Tags",
        lambda lesson: ", ".join(lesson.record.tag_list),
        tooltip=lambda lesson: ", ".join(lesson.record.tag_list),
        sort_key=lambda lesson: tag_key(lesson.record.tags) or "\uffff",
    ),
    Column(
        "Date",
        lambda lesson: lesson.learned_on,
        sort_key=lambda lesson: lesson.learned_on.toordinal() if lesson.learned_on else -1,
    ),
]
COLUMN_TITLE, COLUMN_OUTCOME, COLUMN_TASK_FORCE, COLUMN_KIND, COLUMN_FUNCTIONS, COLUMN_TAGS, COLUMN_DATE = (
    range(len(COLUMNS))
)


class LessonsModel(RecordTableModel):
    """The lessons that match the filter, in the order chosen (the newest first until the user sorts)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self.lessons: list[LearnedLesson] = []  # every lesson of the plan, the newest first
        self.filter = LessonFilter()
        self.sort_column = COLUMN_DATE
        self.sort_order = Qt.SortOrder.DescendingOrder
        self._words: dict[int, str] = {}  # each lesson's texts, folded once for searching
        self._tags: dict[int, frozenset[str]] = {}
        self._place: dict[int, int] = {}  # each lesson's place, the newest first

    def load(self, lessons: Iterable[LearnedLesson]) -> None:
        """Hold these lessons (the newest first) and show those that match the filter."""
        self.lessons = list(lessons)
        self._words, self._tags = {}, {}
        self._place = {lesson.id: place for place, lesson in enumerate(self.lessons)}
        for lesson in self.lessons:
            record = lesson.record
            self._words[lesson.id] = search_key(
                record.title,
                record.what_happened,
                record.why,
                record.evidence,
                record.next_time,
                record.tags,
                lesson.task_force_name,
                lesson.task_force_kind.label,
                *lesson.function_names,
            )
            self._tags[lesson.id] = frozenset(tag_key(tag) for tag in record.tag_list)
        self._show()

    def set_filter(self, chosen: LessonFilter) -> None:
        """Show the lessons that match ``chosen``."""
        self.filter = chosen
        self._show()

    def matching(self, chosen: LessonFilter) -> list[LearnedLesson]:
        """The lessons that match a filter, the newest first."""
        words = search_key(chosen.search).split()
        return [
            lesson
            for lesson in self.lessons
            if (chosen.kind is None or lesson.task_force_kind is chosen.kind)
            and (chosen.outcome is None or lesson.record.outcome is chosen.outcome)
            and (chosen.function_id is None or chosen.function_id in lesson.record.function_ids)
            and (chosen.tag is None or chosen.tag in self._tags[lesson.id])
            and all(word in self._words[lesson.id] for word in words)
        ]

    def kinds(self) -> list[TaskForceKind]:
        """The kinds of task force that learned a lesson, in the usual order."""
        present = {lesson.task_force_kind for lesson in self.lessons}
        return [kind for kind in TaskForceKind if kind in present]

    def functions(self) -> list[tuple[int, str]]:
        """The functions some lesson concerns, by name: (id, name)."""
        named = {
            ident: name
            for lesson in self.lessons
            for ident, name in zip(lesson.record.function_ids, lesson.function_names, strict=True)
        }
        return sorted(named.items(), key=lambda pair: (search_key(pair[1]), pair[0]))

    def tags(self) -> list[tuple[str, str]]:
        """The tags the lessons carry, by name: (folded, as first written), once each whatever the case."""
        found: dict[str, str] = {}
        for lesson in reversed(self.lessons):  # the oldest first: a tag keeps its first spelling
            for tag in lesson.record.tag_list:
                found.setdefault(tag_key(tag), tag)
        return sorted(found.items())

    def outcome_counts(self) -> dict[LessonOutcome, int]:
        """How many lessons of each outcome the other filters leave."""
        return outcome_counts(self.matching(self.filter.but_outcome()))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column (ties stay the newest first)."""
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._rows = self._sorted(self._rows)
        self._reindex()
        self.layoutChanged.emit()

    def _show(self) -> None:
        self.set_records(self._sorted(self.matching(self.filter)))

    def _sorted(self, lessons: list[LearnedLesson]) -> list[LearnedLesson]:
        if not 0 <= self.sort_column < len(self.columns):
            return lessons
        column = self.columns[self.sort_column]
        key = column.sort_key or column.value
        newest_first = sorted(lessons, key=lambda lesson: self._place.get(lesson.id, 0))
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        return sorted(newest_first, key=key, reverse=descending)
