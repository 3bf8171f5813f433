"""The final KPI scorecard of a task force: each KPI graded 0.0-1.0 as OKR practice scores key results.

A KPI's grade is its share of the way from baseline to target, clamped to 0..1 and rounded to
0.1 (halves up); 1.0 is kept for a KPI that reached its target. Committed KPIs are promises:
anything under 1.0 is a miss. Aspirational KPIs are stretches: 0.7 or more is a success. A KPI
with no check-in is not measured and gets no grade, never a 0. See docs/scorecard.md.

>>> leads = Kpi(1, 1, "Leads", baseline=100.0, target=200.0, commitment=KpiCommitment.ASPIRATIONAL)
>>> score = score_kpi(leads, CheckIn(1, 1, date(2026, 3, 31), 172.0))
>>> score.share, score.grade, score.verdict.label
(0.72, 0.7, 'Achieved')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from smarket_planner.analysis.kpi_status import shortfall
from smarket_planner.analysis.model import HealthBand
from smarket_planner.domain.enums import KpiCommitment, Labelled
from smarket_planner.domain.records import CheckIn, Kpi

TOP_GRADE = 1.0  # the target reached
BELOW_TARGET_CAP = 0.9  # the most a KPI short of its target can be graded, however close
ACHIEVED_FROM = 0.7  # an aspirational KPI graded this or more succeeded ("green" at Google)
PROGRESS_FROM = 0.4  # from here to under ACHIEVED_FROM it made progress ("yellow"); below it fell short
# A value this close to the target has reached it (rounding noise of typed decimals is not a miss).
_EPSILON = 1e-9


class KpiVerdict(Labelled):
    """What a KPI's grade means: committed KPIs are delivered or missed, aspirational ones graded in bands."""

    DELIVERED = "delivered"  # committed, graded 1.0
    MISSED = "missed"  # committed, under 1.0
    ACHIEVED = "achieved"  # aspirational, 0.7 or more
    PROGRESS = "progress"  # aspirational, 0.4 to 0.6
    FELL_SHORT = "fell_short"  # aspirational, under 0.4
    NOT_MEASURED = "not_measured"  # no check-in by the day of the review

    @property
    def succeeded(self) -> bool:
        """Delivered (committed) or achieved (aspirational)."""
        return self in (KpiVerdict.DELIVERED, KpiVerdict.ACHIEVED)

    @property
    def band(self) -> HealthBand | None:
        """The colour it wears: green for a success, amber for progress, red for a miss, none unmeasured."""
        return _VERDICT_BANDS.get(self)


_VERDICT_BANDS = {
    KpiVerdict.DELIVERED: HealthBand.GREEN,
    KpiVerdict.ACHIEVED: HealthBand.GREEN,
    KpiVerdict.PROGRESS: HealthBand.AMBER,
    KpiVerdict.MISSED: HealthBand.RED,
    KpiVerdict.FELL_SHORT: HealthBand.RED,
}


@dataclass(frozen=True)
class KpiScore:
    """One KPI on the scorecard: its final check-in, the share of the way it came, its grade and verdict."""

    kpi: Kpi
    final: CheckIn | None  # the latest check-in on or before the day of the review
    share: float | None  # (final - baseline) / (target - baseline), not clamped: 1.2 overshot by a fifth
    grade: float | None  # 0.0 to 1.0 in steps of 0.1; None when not measured
    verdict: KpiVerdict

    @property
    def measured(self) -> bool:
        """Whether the KPI had a check-in to grade."""
        return self.grade is not None

    @property
    def final_value(self) -> float | None:
        """The value of the final check-in, if any."""
        return self.final.value if self.final is not None else None


@dataclass(frozen=True)
class GroupScore:
    """The committed or the aspirational KPIs, scored apart: their weighted mean grade and how many missed."""

    commitment: KpiCommitment
    scores: tuple[KpiScore, ...]
    mean_grade: float | None  # by KPI weight over the measured KPIs, to 2 decimals; None if none measured

    @property
    def count(self) -> int:
        """How many KPIs the group holds."""
        return len(self.scores)

    @property
    def measured(self) -> int:
        """How many of them had a check-in."""
        return sum(score.measured for score in self.scores)

    @property
    def not_measured(self) -> int:
        """How many had none (left out of the mean)."""
        return self.count - self.measured

    @property
    def succeeded(self) -> int:
        """How many were delivered (committed) or achieved (aspirational)."""
        return sum(score.verdict.succeeded for score in self.scores)


@dataclass(frozen=True)
class Scorecard:
    """Every KPI graded, the committed and aspirational groups scored apart, and the line a manager reads."""

    scores: tuple[KpiScore, ...]  # in the order the KPIs came
    committed: GroupScore
    aspirational: GroupScore
    summary: str

    def score(self, kpi_id: int) -> KpiScore | None:
        """The score of one KPI."""
        return next((score for score in self.scores if score.kpi.id == kpi_id), None)


def final_check_ins(check_ins: Iterable[CheckIn], today: date) -> dict[int, CheckIn]:
    """Each KPI's latest check-in on or before ``today`` (the last recorded, on a tie), by KPI id."""
    final: dict[int, CheckIn] = {}
    for check_in in check_ins:
        if check_in.checked_on > today:
            continue
        held = final.get(check_in.kpi_id)
        if held is None or (check_in.checked_on, check_in.id) > (held.checked_on, held.id):
            final[check_in.kpi_id] = check_in
    return final


def share_achieved(kpi: Kpi, value: float) -> float:
    """How much of the way from baseline to target ``value`` came: 0 at the baseline, 1 at the target.

    A KPI whose target is its baseline (hold the line) scores 1 at or beyond it and 0 short of it.
    """
    if kpi.target == kpi.baseline:
        return 1.0 if _reached(kpi, value) else 0.0
    return (value - kpi.baseline) / (kpi.target - kpi.baseline)


def grade(kpi: Kpi, value: float) -> float:
    """The share achieved on the 0.0-1.0 scale: clamped, rounded to 0.1 (halves up), 1.0 only on target."""
    if _reached(kpi, value):
        return TOP_GRADE
    share = min(max(share_achieved(kpi, value), 0.0), 1.0)
    tenths = math.floor(share * 10 + 0.5 + _EPSILON)  # 0.35 is 0.4 even when the division gives 0.3499...
    return min(tenths / 10, BELOW_TARGET_CAP)


def verdict(commitment: KpiCommitment, grade: float | None) -> KpiVerdict:
    """What a grade means for a committed or an aspirational KPI."""
    if grade is None:
        return KpiVerdict.NOT_MEASURED
    if commitment is KpiCommitment.COMMITTED:
        return KpiVerdict.DELIVERED if grade >= TOP_GRADE else KpiVerdict.MISSED
    if grade >= ACHIEVED_FROM:
        return KpiVerdict.ACHIEVED
    return KpiVerdict.PROGRESS if grade >= PROGRESS_FROM else KpiVerdict.FELL_SHORT


def score_kpi(kpi: Kpi, final: CheckIn | None) -> KpiScore:
    """A KPI graded on its final check-in; not measured without one."""
    if final is None:
        return KpiScore(kpi, None, None, None, KpiVerdict.NOT_MEASURED)
    mark = grade(kpi, final.value)
    return KpiScore(kpi, final, share_achieved(kpi, final.value), mark, verdict(kpi.commitment, mark))


def scorecard(kpis: Sequence[Kpi], check_ins: Iterable[CheckIn], today: date) -> Scorecard:
    """The KPIs graded on their latest check-in on or before ``today``; later check-ins are ignored."""
    final = final_check_ins(check_ins, today)
    scores = tuple(score_kpi(kpi, final.get(kpi.id)) for kpi in kpis)
    committed = _group(KpiCommitment.COMMITTED, scores)
    aspirational = _group(KpiCommitment.ASPIRATIONAL, scores)
    return Scorecard(scores, committed, aspirational, _summary(committed, aspirational))


def scores_by_goal(scores: Iterable[KpiScore]) -> Mapping[int, tuple[KpiScore, ...]]:
    """The scores grouped by the goal their KPI serves."""
    grouped: dict[int, list[KpiScore]] = {}
    for score in scores:
        grouped.setdefault(score.kpi.goal_id, []).append(score)
    return {goal_id: tuple(own) for goal_id, own in grouped.items()}


def weighted_mean_grade(scores: Iterable[KpiScore]) -> float | None:
    """The mean grade of the measured KPIs by their weight (plainly, if they all weigh 0), to 2 decimals."""
    graded = [(score.grade, score.kpi.weight) for score in scores if score.grade is not None]
    if not graded:
        return None
    total = sum(weight for _, weight in graded)
    if total <= 0:
        return round(sum(mark for mark, _ in graded) / len(graded), 2)
    return round(sum(mark * weight for mark, weight in graded) / total, 2)


def grade_text(value: float | None) -> str:
    """A grade or mean grade as the scale writes it: '1.0', '0.7', '0.93'; 'not measured' for none."""
    if value is None:
        return "not measured"
    text = f"{value:.2f}"
    return text[:-1] if text.endswith("0") else text


def _reached(kpi: Kpi, value: float) -> bool:
    """Whether ``value`` is at or beyond the target, in the KPI's direction."""
    return shortfall(kpi, value, kpi.target) <= _EPSILON


def _group(commitment: KpiCommitment, scores: Sequence[KpiScore]) -> GroupScore:
    own = tuple(score for score in scores if score.kpi.commitment is commitment)
    return GroupScore(commitment, own, weighted_mean_grade(own))


def _kpis(count: int, kind: str) -> str:
    return f"{count} {kind} KPI" if count == 1 else f"{count} {kind} KPIs"


def _group_summary(group: GroupScore, success: str) -> str:
    """'3 of 4 committed KPIs delivered, scoring 0.93 on average, 1 more not measured'."""
    kind = group.commitment.value
    if group.measured == 0:
        return f"{_kpis(group.count, kind)} not measured"
    assert group.mean_grade is not None
    head = f"{group.succeeded} of {_kpis(group.measured, kind)} {success}"
    line = f"{head}, scoring {grade_text(group.mean_grade)} on average"
    return line + (f", {group.not_measured} more not measured" if group.not_measured else "")


def _summary(committed: GroupScore, aspirational: GroupScore) -> str:
    """'2 of 3 committed KPIs delivered, scoring 0.9 on average; 1 of 2 aspirational KPIs achieved, ...'."""
    parts = []
    if committed.count:
        parts.append(_group_summary(committed, "delivered"))
    if aspirational.count:
        parts.append(_group_summary(aspirational, "achieved 0.7 or more"))
    return "; ".join(parts) + "." if parts else "No KPIs to score."
