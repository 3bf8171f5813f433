"""The fixed vocabularies: lifecycle moves, labels, ranks, and the operating rhythm."""

from __future__ import annotations

import itertools
import re

import pytest

from smarket_planner.domain.enums import (
    DeliverableStatus,
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    Labelled,
    LifecycleStatus,
    MembershipRole,
    RaciLetter,
    RhythmFrequency,
    RiskLikelihood,
    RiskSeverity,
    RiskStatus,
    TaskForceKind,
)
from smarket_planner.domain.records import OperatingRhythm, TaskForce

ORDER = [
    LifecycleStatus.PROPOSED,
    LifecycleStatus.FORMING,
    LifecycleStatus.ACTIVE,
    LifecycleStatus.DISPERSED,
    LifecycleStatus.ARCHIVED,
]
VOCABULARIES: list[type[Labelled]] = [
    TaskForceKind,
    LifecycleStatus,
    MembershipRole,
    KpiDirection,
    KpiCommitment,
    RaciLetter,
    RiskSeverity,
    RiskLikelihood,
    RiskStatus,
    DeliverableStatus,
    DependencyKind,
    RhythmFrequency,
]


# --- lifecycle --------------------------------------------------------------------------


def test_lifecycle_runs_from_proposed_to_archived() -> None:
    assert list(LifecycleStatus) == ORDER


@pytest.mark.parametrize(("status", "following"), [*itertools.pairwise(ORDER), (ORDER[-1], None)])
def test_each_status_has_one_next(status: LifecycleStatus, following: LifecycleStatus | None) -> None:
    assert status.next is following


@pytest.mark.parametrize(("start", "goal"), list(itertools.product(ORDER, ORDER)))
def test_a_task_force_only_moves_forward(start: LifecycleStatus, goal: LifecycleStatus) -> None:
    assert start.can_become(goal) is (ORDER.index(goal) > ORDER.index(start))


def test_no_status_can_become_itself_and_archived_is_the_end() -> None:
    assert not any(status.can_become(status) for status in ORDER)
    assert not any(LifecycleStatus.ARCHIVED.can_become(status) for status in ORDER)
    assert not LifecycleStatus.ACTIVE.can_become(LifecycleStatus.FORMING)
    assert not LifecycleStatus.DISPERSED.can_become(LifecycleStatus.ACTIVE)


def test_the_next_status_is_always_allowed() -> None:
    for status in ORDER[:-1]:
        following = status.next
        assert following is not None and status.can_become(following)


@pytest.mark.parametrize("status", ORDER)
def test_only_a_dispersed_or_archived_team_can_be_reformed(status: LifecycleStatus) -> None:
    expected = status in (LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED)
    assert status.can_reform is expected


# --- labels and ranks -------------------------------------------------------------------


@pytest.mark.parametrize("member", [member for vocabulary in VOCABULARIES for member in vocabulary], ids=str)
def test_every_label_is_words_a_manager_reads(member: Labelled) -> None:
    label = member.label
    assert label and label[0].isupper()
    assert "_" not in label
    assert label == label.strip()


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (TaskForceKind.PRODUCT_LAUNCH, "Product launch"),
        (TaskForceKind.LEAD_QUALIFICATION, "Lead qualification"),
        (LifecycleStatus.DISPERSED, "Dispersed"),
        (DeliverableStatus.IN_PROGRESS, "In progress"),
        (RiskLikelihood.ALMOST_CERTAIN, "Almost certain"),
        (KpiDirection.UP, "Higher is better"),
        (KpiDirection.DOWN, "Lower is better"),
        (RaciLetter.RESPONSIBLE, "Responsible"),
        (RaciLetter.ACCOUNTABLE, "Accountable"),
        (RaciLetter.CONSULTED, "Consulted"),
        (RaciLetter.INFORMED, "Informed"),
        (DependencyKind.NON_BLOCKING, "Non-blocking"),
        (DependencyKind.HAND_OFF, "Hand-off"),
        (RhythmFrequency.BIWEEKLY, "Every two weeks"),
        (RhythmFrequency.WEEKLY, "Weekly"),
    ],
)
def test_labels(member: Labelled, label: str) -> None:
    assert member.label == label


def test_raci_letters_are_stored_as_single_letters() -> None:
    assert [letter.value for letter in RaciLetter] == ["R", "A", "C", "I"]
    assert RaciLetter("A") is RaciLetter.ACCOUNTABLE


def test_members_are_their_stored_text() -> None:
    assert TaskForceKind("campaign") is TaskForceKind.CAMPAIGN
    assert str(LifecycleStatus.ACTIVE) == "active"
    with pytest.raises(ValueError):
        LifecycleStatus("paused")


def test_risk_severity_ranks_from_low_to_critical() -> None:
    assert [severity.rank for severity in RiskSeverity] == [1, 2, 3, 4]
    assert RiskSeverity.LOW.rank == 1 and RiskSeverity.CRITICAL.rank == 4


def test_risk_likelihood_ranks_from_rare_to_almost_certain() -> None:
    assert [likelihood.rank for likelihood in RiskLikelihood] == [1, 2, 3, 4, 5]
    assert RiskLikelihood.ALMOST_CERTAIN.rank == 5


# --- operating rhythm -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rhythm", "line"),
    [
        (OperatingRhythm(RhythmFrequency.WEEKLY, 1, "09:00", "Stand-up"), "Stand-up, weekly on Tue at 09:00"),
        (OperatingRhythm(RhythmFrequency.BIWEEKLY, 3), "Meeting, every two weeks on Thu"),
        (OperatingRhythm(RhythmFrequency.DAILY, time="08:45"), "Meeting, daily at 08:45"),
        (OperatingRhythm(RhythmFrequency.MONTHLY, label="Steering"), "Steering, monthly"),
        (OperatingRhythm(RhythmFrequency.WEEKLY, 0), "Meeting, weekly on Mon"),
        (OperatingRhythm(RhythmFrequency.WEEKLY, 6), "Meeting, weekly on Sun"),
    ],
)
def test_rhythm_in_one_line(rhythm: OperatingRhythm, line: str) -> None:
    assert rhythm.describe() == line


@pytest.mark.parametrize(
    ("rhythm", "rule"),
    [
        (OperatingRhythm(RhythmFrequency.WEEKLY, 1, "09:00"), "FREQ=WEEKLY;BYDAY=TU"),
        (OperatingRhythm(RhythmFrequency.BIWEEKLY, 3), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
        (OperatingRhythm(RhythmFrequency.BIWEEKLY), "FREQ=WEEKLY;INTERVAL=2"),
        (OperatingRhythm(RhythmFrequency.DAILY), "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"),
        (OperatingRhythm(RhythmFrequency.DAILY, 2, "09:15"), "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"),
        (OperatingRhythm(RhythmFrequency.MONTHLY), "FREQ=MONTHLY"),
        (OperatingRhythm(RhythmFrequency.WEEKLY, 0), "FREQ=WEEKLY;BYDAY=MO"),
        (OperatingRhythm(RhythmFrequency.WEEKLY, 6), "FREQ=WEEKLY;BYDAY=SU"),
    ],
)
def test_rhythm_as_icalendar_rule(rhythm: OperatingRhythm, rule: str) -> None:
    assert rhythm.rrule() == rule


def test_monthly_rhythm_on_a_weekday_meets_once_a_month() -> None:
    rule = OperatingRhythm(RhythmFrequency.MONTHLY, 1).rrule()
    assert re.search(r"BYDAY=[+-]?\d+TU\b", rule), rule


def test_task_force_has_a_rhythm_only_with_a_frequency() -> None:
    plain = TaskForce(1, "Launch", TaskForceKind.PRODUCT_LAUNCH, LifecycleStatus.PROPOSED)
    assert plain.rhythm is None
    meeting = TaskForce(
        2,
        "Pursuit",
        TaskForceKind.ACCOUNT_PURSUIT,
        LifecycleStatus.ACTIVE,
        rhythm_frequency=RhythmFrequency.WEEKLY,
        rhythm_weekday=1,
        rhythm_time="09:00",
        rhythm_label="Stand-up",
    )
    assert meeting.rhythm == OperatingRhythm(RhythmFrequency.WEEKLY, 1, "09:00", "Stand-up")
