"""Step 1, the KPI scorecard: every KPI's final value against baseline and target, its share and grade."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.analysis.scorecard import (
    ACHIEVED_FROM,
    PROGRESS_FROM,
    GroupScore,
    KpiScore,
    grade_text,
)
from smarket_planner.domain.enums import KpiCommitment, KpiDirection
from smarket_planner.services.reports.review import ReviewReport
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.record_model import Column
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.parts import (
    CENTRE,
    DASH,
    QUIET,
    RIGHT,
    ReviewHooks,
    ReviewModel,
    ReviewPage,
    bold,
    dot,
    ink,
    number_text,
    quiet,
    review_table,
    summary_label,
    verdict_colour,
)

GUIDE_PAGE = "review.html#grades"  # the guide's page on the review, at its section on grades
NOT_MEASURED = "No check-ins"
GRADES_HELP = (
    "Grades run from 0.0 to 1.0, as OKR practice scores key results: the share of the way from "
    "baseline to target, rounded to 0.1, and 1.0 only for a KPI that reached its target. "
    f"A committed KPI is a promise, delivered only at 1.0; an aspirational one is a stretch that "
    f"succeeds from {ACHIEVED_FROM:.1f} ({PROGRESS_FROM:.1f} to {ACHIEVED_FROM - 0.1:.1f} is progress). "
    "A KPI without a check-in is not measured: it gets no grade, never a 0."
)
COLUMN_TIPS = {
    "Share": "How much of the way from baseline to target the final value came (over 100%: it overshot)",
    "Grade": "The share on the 0.0 to 1.0 scale, in steps of 0.1; 1.0 only on target",
    "Final": "The latest check-in on or before the day of the review",
}


@dataclass(frozen=True)
class ScoreRow:
    """One KPI on the scorecard, with the goal it serves."""

    id: int
    score: KpiScore
    goal: str


def _kpi_tip(row: ScoreRow) -> str:
    kpi = row.score.kpi
    better = "lower is better" if kpi.direction is KpiDirection.DOWN else "higher is better"
    measure = f"Measured in {kpi.unit}; {better}." if kpi.unit else f"{better.capitalize()}."
    return "\n".join(line for line in (kpi.title, f"Goal: {row.goal}" if row.goal else "", measure) if line)


def _final(row: ScoreRow) -> str:
    score = row.score
    return number_text(score.final.value, score.kpi.unit) if score.final is not None else NOT_MEASURED


def _final_tip(row: ScoreRow) -> str:
    final = row.score.final
    if final is None:
        return (
            "No check-in on or before the day of the review: the KPI is not measured. It gets no grade "
            "(not 0.0) and is left out of the means. Record a final check-in to grade it."
        )
    unit = f" {row.score.kpi.unit}" if row.score.kpi.unit else ""
    note = f"\n{final.note}" if final.note.strip() else ""
    return f"{number_text(final.value)}{unit}, checked in on {day_text(final.checked_on)}.{note}"


def _share(row: ScoreRow) -> str:
    return f"{row.score.share:.0%}" if row.score.share is not None else DASH


def _grade(row: ScoreRow) -> str:
    return grade_text(row.score.grade) if row.score.grade is not None else DASH


def _verdict_tip(row: ScoreRow) -> str:
    score = row.score
    if not score.measured:
        return "Not measured: left out of the group's mean grade, and counted apart."
    if score.kpi.commitment is KpiCommitment.COMMITTED:
        return "A committed KPI is a promise: delivered at 1.0, missed below it however close."
    achieved, progress = f"{ACHIEVED_FROM:.1f}", f"{PROGRESS_FROM:.1f}"
    return f"An aspirational KPI is a stretch: achieved from {achieved}, progress from {progress}."


class GroupCard(QFrame):
    """The committed or the aspirational KPIs scored apart: their mean grade and how many succeeded."""

    def __init__(self, commitment: KpiCommitment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commitment = commitment
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        promise = commitment is KpiCommitment.COMMITTED
        self.heading = bold(QLabel("Committed KPIs" if promise else "Aspirational KPIs"))
        self.promise = quiet(
            "Promises: each is delivered only at 1.0."
            if promise
            else f"Stretches: {ACHIEVED_FROM:.1f} or more is a success."
        )
        self.grade = QLabel()
        big = QFont(self.grade.font())
        big.setPointSizeF(big.pointSizeF() * 2.0)
        big.setBold(True)
        self.grade.setFont(big)
        self.grade.setAccessibleName(f"Mean grade of the {commitment.value} KPIs")
        self.caption = quiet("mean grade")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        mark = QVBoxLayout()
        mark.setSpacing(0)
        mark.addWidget(self.grade, 0, Qt.AlignmentFlag.AlignHCenter)
        mark.addWidget(self.caption)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.heading)
        text.addWidget(self.counts)
        text.addWidget(self.promise)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addLayout(mark)
        row.addSpacing(12)
        row.addLayout(text, 1)

    def show_group(self, group: GroupScore) -> None:
        """Show the group's mean grade and counts; a group without KPIs says so."""
        success = "delivered" if self.commitment is KpiCommitment.COMMITTED else "achieved"
        if not group.count:
            self.grade.setText(DASH)
            self.counts.setText(f"No {self.commitment.value} KPIs.")
        elif group.mean_grade is None:
            self.grade.setText(DASH)
            self.counts.setText(f"None of {group.count} measured: no check-ins.")
        else:
            self.grade.setText(grade_text(group.mean_grade))
            line = f"{group.succeeded} of {group.measured} {success}"
            if group.not_measured:
                line += f" \u00b7 {group.not_measured} not measured"
            self.counts.setText(line)
        tip = (
            "The mean grade of the measured KPIs, weighted by their weights; unmeasured ones are left out"
            if group.mean_grade is not None
            else "No grade: nothing was measured"
        )
        for part in (self.grade, self.caption):
            part.setToolTip(tip)


class ScorecardPage(ReviewPage):
    """The final KPI scorecard, committed and aspirational scored apart, with a way to the last check-in."""

    step = "Scorecard"

    def __init__(
        self,
        session: PlanSession,
        hooks: ReviewHooks,
        parent: QWidget | None = None,
        check_in_day: date | None = None,
    ) -> None:
        super().__init__(session, hooks, parent)
        self.check_in_day = check_in_day
        self.intro.setText(
            "Each KPI graded on its final check-in. Committed and aspirational KPIs are scored apart: "
            "a 0.6 on a stretch is a good result, a 0.9 on a promise is not."
        )
        self.summary = summary_label()
        self.committed = GroupCard(KpiCommitment.COMMITTED)
        self.aspirational = GroupCard(KpiCommitment.ASPIRATIONAL)
        cards = QHBoxLayout()
        cards.addWidget(self.committed, 1)
        cards.addWidget(self.aspirational, 1)
        self.model = ReviewModel(self._columns(), COLUMN_TIPS, self)
        self.view = review_table(self.model)
        self.view.setObjectName("scorecard")
        self.view.setAccessibleName("KPI scorecard")
        for column, width in enumerate((290, 104, 82, 82, 104, 66, 58)):
            self.view.setColumnWidth(column, width)
        self.check_in = QPushButton("Record &Final Check-in…")
        self.check_in.setToolTip(
            "Record the KPI's final value: a KPI without a check-in is not measured and gets no grade"
        )
        self.check_in.clicked.connect(self.record_check_in)
        self.check_in_note = quiet()
        actions = QHBoxLayout()
        actions.addWidget(self.check_in)
        actions.addWidget(self.check_in_note, 1)
        if hooks.record_check_in is None:  # shown in a window without the Goals area: say where instead
            self.check_in.hide()
            self.check_in_note.setText("Record missing check-ins on the Goals & KPIs tab.")
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.RichText)
        link = f" <a href='guide:{GUIDE_PAGE}'>How grades work</a>" if hooks.open_guide is not None else ""
        self.help.setText(escape(GRADES_HELP) + link)
        self.help.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.help.linkActivated.connect(lambda _link: self.open_guide())
        self.column.addWidget(self.summary)
        self.column.addLayout(cards)
        self.column.addWidget(self.view, 1)
        self.column.addLayout(actions)
        self.column.addWidget(self.help)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.view.doubleClicked.connect(lambda _index: self.record_check_in())
        self._enable()

    def _columns(self) -> list[Column]:
        def colour(row: ScoreRow) -> str:
            return verdict_colour(row.score.verdict)

        def unmeasured(row: ScoreRow) -> QColor | None:
            return ink(self.view, QUIET) if not row.score.measured else None

        return [
            Column("KPI", lambda r: r.score.kpi.title, tooltip=_kpi_tip),
            Column("Kind", lambda r: r.score.kpi.commitment.label),
            Column("Baseline", lambda r: number_text(r.score.kpi.baseline, r.score.kpi.unit), align=RIGHT),
            Column("Target", lambda r: number_text(r.score.kpi.target, r.score.kpi.unit), align=RIGHT),
            Column("Final", _final, tooltip=_final_tip, align=RIGHT, foreground=unmeasured),
            Column("Share", _share, align=RIGHT, foreground=unmeasured),
            Column("Grade", _grade, align=CENTRE, foreground=unmeasured),
            Column(
                "Verdict",
                lambda r: r.score.verdict.label,
                icon=lambda r: dot(colour(r)),
                foreground=lambda r: ink(self.view, colour(r)),
                tooltip=_verdict_tip,
            ),
        ]

    def show_report(self, report: ReviewReport) -> None:
        """Show the scorecard as it stands."""
        super().show_report(report)
        card = report.review.scorecard
        goals = {result.goal.id: result.goal.title for result in report.review.goals.results}
        self.summary.setText(card.summary)
        self.committed.show_group(card.committed)
        self.aspirational.show_group(card.aspirational)
        self.committed.setVisible(card.committed.count > 0 or card.aspirational.count == 0)
        self.aspirational.setVisible(card.aspirational.count > 0)
        rows = [ScoreRow(score.kpi.id, score, goals.get(score.kpi.goal_id, "")) for score in card.scores]
        self.model.sync_records(rows, ordered=True)
        self._enable()

    def badge(self) -> str:
        """How many KPIs went unmeasured, if any did."""
        if self.report is None:
            return ""
        missing = sum(not score.measured for score in self.report.review.scorecard.scores)
        return f"{missing} not measured" if missing else ""

    def current(self) -> ScoreRow | None:
        """The KPI selected, if any."""
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def select_kpi(self, kpi_id: int) -> bool:
        """Select a KPI's row."""
        row = self.model.row_of(kpi_id)
        if row is not None:
            self.view.selectRow(row)
        return row is not None

    def _enable(self) -> None:
        row = self.current()
        self.check_in.setEnabled(row is not None and not self.session.plan.read_only)
        if self.hooks.record_check_in is not None:
            if row is None:
                self.check_in_note.setText("Select a KPI to record its final value.")
            elif not row.score.measured:
                self.check_in_note.setText(
                    f"'{row.score.kpi.title}' has no check-in yet: record one to grade it."
                )
            else:
                self.check_in_note.setText("")

    def record_check_in(self) -> QWidget | None:
        """Open the check-in dialog for the KPI selected, dated the day the team ended (or today)."""
        row, hook = self.current(), self.hooks.record_check_in
        if row is None or hook is None or self.session.plan.read_only:
            return None
        return hook(row.id, self.check_in_day or date.today(), self.window())

    def open_guide(self) -> None:
        """Show the guide's page on the review and its grades."""
        if self.hooks.open_guide is not None:
            self.hooks.open_guide(GUIDE_PAGE)
