"""Who could take an open role: ranked over the role's whole span by function, room, skills and past
teams, with the reasons in words; and what taking it would make of someone's load."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from smarket_planner import services
from smarket_planner.domain import DuplicateError, EntityKind, LifecycleError, NotFoundError
from smarket_planner.services.views.candidates_view import Candidate, candidates, load_after
from tests.services.open_roles import TODAY, TeamToStaff, team_to_staff
from tests.services.plan_copies import Copies

K = EntityKind
RANKED = [
    "Olga Orlova",  # Marketing, room, a skill, worked with the team
    "Ned Nash",  # Marketing, room, a skill
    "Will Wood",  # Marketing, just enough room, worked with the team
    "Ivan Iles",  # Marketing, room: 100, 70, 60 and 40 free
    "Mia Moss",
    "Lars Lund",
    "Uma Underwood",  # Marketing, not enough room: 10 and 0 free
    "Zoe Zane",
    "Gerd Gross",  # Finance, with both skills
]


@pytest.fixture
def shared(copies: Copies) -> TeamToStaff:
    """The plan with the DACH team's open role, read only."""
    return team_to_staff(copies, shared=True)


@pytest.fixture
def team(copies: Copies) -> TeamToStaff:
    """A private copy of the plan with the DACH team's open role, to change."""
    return team_to_staff(copies)


def _by_name(found: list[Candidate]) -> dict[str, Candidate]:
    return {candidate.name: candidate for candidate in found}


def test_the_role_s_function_comes_first_then_room_skills_past_teams_and_free_share(
    shared: TeamToStaff,
) -> None:
    found = candidates(shared.plan, shared.pr_manager, today=TODAY)

    assert [c.name for c in found] == RANKED
    assert [c.same_function for c in found] == [True] * 8 + [False]
    assert [c.can_take for c in found] == [True] * 6 + [False, False, True]
    assert [c.free_pct for c in found] == [30, 40, 20, 100, 70, 60, 10, 0, 100]
    olga = found[0]
    assert (olga.person_id, olga.title, olga.function_id, olga.function_name, olga.function_colour) == (
        shared.olga,
        "Manager",
        shared.marketing,
        "Marketing",
        "#ff7f0e",
    )
    assert olga.version == services.get(shared.plan, K.PERSON, shared.olga).version
    assert candidates(shared.plan, shared.pr_manager, limit=3, today=TODAY) == found[:3]
    assert candidates(shared.plan, shared.pr_manager, limit=0, today=TODAY) == []


def test_the_free_share_is_the_least_over_the_whole_span_not_on_its_first_day(shared: TeamToStaff) -> None:
    people = _by_name(candidates(shared.plan, shared.pr_manager, today=TODAY))

    # Lars has nothing on until June, then 40%: 60 free at worst, so he ranks below Mia, 70 free
    # throughout, though on the role's first day he is the freer of the two.
    assert (people["Lars Lund"].free_pct, people["Mia Moss"].free_pct) == (60, 70)
    assert RANKED.index("Mia Moss") < RANKED.index("Lars Lund")
    # Zoe is free from May, but fully booked in March and April: she cannot take the role.
    assert (people["Zoe Zane"].free_pct, people["Zoe Zane"].can_take) == (0, False)
    # Counted as the over-allocation analysis counts: an undated membership from today for a
    # quarter (Ned, 40% of a capacity of 80), a dispersed team nowhere (Ivan).
    assert people["Ned Nash"].free_pct == 40
    assert people["Ivan Iles"].free_pct == 100
    # Just enough is enough.
    assert (people["Will Wood"].free_pct, people["Will Wood"].can_take) == (20, True)


def test_a_role_under_way_counts_from_today(shared: TeamToStaff) -> None:
    may_day = date(2026, 5, 1)  # the spring campaign, which keeps Zoe busy, is over by then

    zoe = _by_name(candidates(shared.plan, shared.pr_manager, today=may_day))["Zoe Zane"]

    assert (zoe.free_pct, zoe.can_take) == (50, True)
    assert "from 1 May to 30 Jun 2026" in zoe.reason


def test_skills_match_in_any_case_as_the_role_spells_them(shared: TeamToStaff) -> None:
    people = _by_name(candidates(shared.plan, shared.pr_manager, today=TODAY))

    assert people["Olga Orlova"].skills_matched == ("German",)  # she wrote "german"
    assert people["Ned Nash"].skills_matched == ("pricing",)  # he wrote "Pricing"
    assert people["Gerd Gross"].skills_matched == ("German", "pricing")
    assert people["Ivan Iles"].skills_matched == ()
    # Another function's people come for a skill wanted, and only for a whole one.
    assert "Fiona Fry" not in people  # "pricing strategy" is not "pricing"
    assert "Sven Sand" not in people  # Sales, no skills


def test_someone_who_shared_a_task_force_with_the_team_is_named_with_it(team: TeamToStaff) -> None:
    people = _by_name(candidates(team.plan, team.pr_manager, today=TODAY))
    assert people["Olga Orlova"].worked_with == (("Priya Patel", "Pulse 3.0"), ("Sam Stone", "Pulse 3.0"))
    assert people["Ivan Iles"].worked_with == ()
    assert RANKED.index("Will Wood") < RANKED.index("Ivan Iles")  # though Ivan has more room

    # Two more on the DACH team who were on a roadshow with Olga: three colleagues are named.
    roadshow = services.create(
        team.plan, K.TASK_FORCE, name="Roadshow", kind="campaign", status="archived"
    ).value.id
    for name in ("Ann Arbor", "Bob Burns"):
        newcomer = services.create(team.plan, K.PERSON, name=name, function_id=team.sales).value.id
        services.add_member(team.plan, team.dach, newcomer)
        services.add_member(team.plan, roadshow, newcomer)
    services.add_member(team.plan, roadshow, team.olga)

    olga = _by_name(candidates(team.plan, team.pr_manager, today=TODAY))["Olga Orlova"]
    assert olga.worked_with == (
        ("Ann Arbor", "Roadshow"),
        ("Bob Burns", "Roadshow"),
        ("Priya Patel", "Pulse 3.0"),
    )
    assert olga.reason.endswith("worked with Ann Arbor and Bob Burns on Roadshow, Priya Patel on Pulse 3.0")


def test_no_one_already_on_the_team_is_a_candidate(team: TeamToStaff) -> None:
    first = candidates(team.plan, team.pr_manager, today=TODAY)
    assert {"Priya Patel", "Sam Stone"}.isdisjoint(c.name for c in first)

    services.add_member(team.plan, team.dach, team.olga)

    after = candidates(team.plan, team.pr_manager, today=TODAY)
    assert "Olga Orlova" not in {c.name for c in after}
    # Her colleagues on Launch have now worked with the team, and move up.
    assert [c.name for c in after] == [
        "Ned Nash",
        "Mia Moss",
        "Will Wood",
        "Ivan Iles",
        "Lars Lund",
        "Uma Underwood",
        "Zoe Zane",
        "Gerd Gross",
    ]
    assert after[1].worked_with == (("Olga Orlova", "Launch"),)


def test_the_reasons_say_why_in_words(shared: TeamToStaff) -> None:
    people = _by_name(candidates(shared.plan, shared.pr_manager, today=TODAY))
    span = "from 2 Mar to 30 Jun 2026"

    assert people["Olga Orlova"].reason == (
        f"Marketing · free 30% {span} · knows German · worked with Priya Patel and Sam Stone on Pulse 3.0"
    )
    assert people["Ivan Iles"].reason == f"Marketing · free 100% {span}"
    assert people["Uma Underwood"].reason == f"Marketing · only 10% free {span} (needs 20%)"
    assert people["Zoe Zane"].reason == f"Marketing · fully booked {span} (needs 20%)"
    assert people["Gerd Gross"].reason == f"Finance · free 100% {span} · knows German, pricing"


def test_a_role_of_a_dispersed_team_is_refused_in_plain_words(
    shared: TeamToStaff, plain_english: Callable[[str], None]
) -> None:
    with pytest.raises(LifecycleError) as refused:
        candidates(shared.plan, shared.old_guard_role, today=TODAY)
    plain_english(str(refused.value))
    assert "'Old Guard' is dispersed" in str(refused.value)
    with pytest.raises(LifecycleError):
        load_after(shared.plan, shared.old_guard_role, shared.ivan, today=TODAY)


def test_a_role_no_longer_in_the_plan_is_said_so(team: TeamToStaff) -> None:
    services.delete(team.plan, K.OPEN_ROLE, team.pr_manager)

    with pytest.raises(NotFoundError, match="That open role is no longer in the plan"):
        candidates(team.plan, team.pr_manager, today=TODAY)


def test_the_load_after_taking_the_role_adds_its_share_at_the_peak(shared: TeamToStaff) -> None:
    zoe = load_after(shared.plan, shared.pr_manager, shared.zoe, today=TODAY)

    assert (zoe.name, zoe.capacity_pct, zoe.peak_before, zoe.peak_after) == ("Zoe Zane", 100, 100, 120)
    assert (zoe.first_day, zoe.last_day) == (date(2026, 3, 2), date(2026, 6, 30))
    # Ink for the active teams, pencil for the forming one the role is on.
    assert zoe.shares == (
        ("Launch", 50, False),
        ("Spring Campaign", 50, False),
        ("DACH Market Entry", 20, True),
    )
    assert zoe.over_capacity
    assert zoe.breakdown == (
        "Launch 50% · Spring Campaign 50% · DACH Market Entry 20% (pencil) = 120% of 100% capacity, "
        "2 Mar to 30 Jun 2026"
    )


def test_the_load_after_is_at_the_peak_of_the_whole_span(shared: TeamToStaff) -> None:
    lars = load_after(shared.plan, shared.pr_manager, shared.lars, today=TODAY)
    assert (lars.peak_before, lars.peak_after, lars.over_capacity) == (40, 60, False)
    assert lars.shares == (("Autumn Push", 40, True), ("DACH Market Entry", 20, True))

    gerd = load_after(shared.plan, shared.pr_manager, shared.gerd, today=TODAY)
    assert (gerd.peak_before, gerd.peak_after) == (0, 20)
    assert gerd.breakdown == ("DACH Market Entry 20% (pencil) = 20% of 100% capacity, 2 Mar to 30 Jun 2026")

    ned = load_after(shared.plan, shared.pr_manager, shared.ned, today=TODAY)
    assert (ned.capacity_pct, ned.peak_after, ned.over_capacity) == (80, 60, False)


def test_the_load_after_of_someone_on_the_team_already_is_refused(
    shared: TeamToStaff, plain_english: Callable[[str], None]
) -> None:
    with pytest.raises(DuplicateError) as refused:
        load_after(shared.plan, shared.pr_manager, shared.priya, today=TODAY)
    plain_english(str(refused.value))
    assert str(refused.value) == "Priya Patel is already on DACH Market Entry."
