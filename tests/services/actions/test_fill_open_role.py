"""Filling an open role: the person on the team on the role's terms and the role gone, as one undo step."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from smarket_planner import services
from smarket_planner.domain import (
    DuplicateError,
    EntityKind,
    LifecycleError,
    Membership,
    MembershipRole,
    NotFoundError,
    OpenRole,
)
from smarket_planner.domain.errors import StaleEditError
from smarket_planner.services import ChangeAction, ChangeNotice
from tests.services.helpers import Listener, Rejected, assert_undo_redo
from tests.services.open_roles import TeamToStaff, team_to_staff
from tests.services.plan_copies import Copies

K = EntityKind


@pytest.fixture
def team(copies: Copies) -> TeamToStaff:
    """A private copy of the plan with the DACH team's open role."""
    return team_to_staff(copies)


def _dated_role(team: TeamToStaff) -> OpenRole:
    """An open role of its own: an advisor at 15% from April to May."""
    role = services.create(
        team.plan,
        K.OPEN_ROLE,
        task_force_id=team.dach,
        function_id=team.finance,
        title="Pricing advisor",
        role="advisor",
        allocation_pct=15,
        start_date=date(2026, 4, 1),
        end_date=date(2026, 5, 31),
        skills="pricing",
    ).value
    assert isinstance(role, OpenRole)
    return role


def test_filling_puts_the_person_on_the_team_on_the_role_s_terms_and_removes_the_role(
    team: TeamToStaff,
) -> None:
    role = _dated_role(team)
    heard = Listener()
    team.plan.changes.subscribe(heard)

    outcome = services.fill_open_role(team.plan, role.id, team.gerd, seen=role.version)

    member = outcome.value
    assert isinstance(member, Membership)
    assert (member.task_force_id, member.person_id, member.role, member.allocation_pct) == (
        team.dach,
        team.gerd,
        MembershipRole.ADVISOR,
        15,
    )
    assert (member.start_date, member.end_date) == (date(2026, 4, 1), date(2026, 5, 31))
    assert services.get(team.plan, K.MEMBERSHIP, member.id) == member
    assert [r.id for r in services.find(team.plan, K.OPEN_ROLE)] == [team.pr_manager, team.old_guard_role]
    assert outcome.label == "Fill open role"
    # One edit, one announcement: the membership made and the role gone.
    assert heard.batches == [
        (
            ChangeNotice(K.MEMBERSHIP, ChangeAction.CREATED, (member.id,)),
            ChangeNotice(K.OPEN_ROLE, ChangeAction.DELETED, (role.id,)),
        )
    ]


def test_a_role_without_dates_of_its_own_gives_a_membership_on_the_team_s_dates(team: TeamToStaff) -> None:
    member = services.fill_open_role(team.plan, team.pr_manager, team.olga).value

    assert (member.role, member.allocation_pct) == (MembershipRole.CORE, 20)
    assert (member.start_date, member.end_date) == (None, None)


def test_undo_puts_the_role_back_under_its_number_and_redo_fills_it_again(team: TeamToStaff) -> None:
    role = _dated_role(team)

    outcome = assert_undo_redo(team.plan, lambda: services.fill_open_role(team.plan, role.id, team.gerd))

    # The first outcome still undoes the redone fill: the role is back as it was, the member gone.
    undone = services.undo(team.plan, outcome)
    back = services.get(team.plan, K.OPEN_ROLE, role.id)
    assert back == dataclasses.replace(role, version=back.version)
    with pytest.raises(NotFoundError):
        services.get(team.plan, K.MEMBERSHIP, outcome.value.id)
    assert undone.label == "Fill open role"
    services.undo(team.plan, undone)
    again = services.get(team.plan, K.MEMBERSHIP, outcome.value.id)  # under its first number too
    assert again == dataclasses.replace(outcome.value, version=again.version)
    with pytest.raises(NotFoundError):
        services.get(team.plan, K.OPEN_ROLE, role.id)


def test_a_role_changed_since_it_was_seen_is_not_filled(team: TeamToStaff, rejected: Rejected) -> None:
    seen = services.get(team.plan, K.OPEN_ROLE, team.pr_manager).version
    services.update(team.plan, K.OPEN_ROLE, team.pr_manager, allocation_pct=40)

    message = rejected(
        team.plan,
        StaleEditError,
        lambda: services.fill_open_role(team.plan, team.pr_manager, team.olga, seen=seen),
    )

    assert "PR manager" in message


def test_someone_on_the_team_already_cannot_fill_its_role(team: TeamToStaff, rejected: Rejected) -> None:
    message = rejected(
        team.plan, DuplicateError, lambda: services.fill_open_role(team.plan, team.pr_manager, team.priya)
    )

    assert message == "Priya Patel is already on this task force."


def test_a_role_of_a_dispersed_team_is_not_filled(team: TeamToStaff, rejected: Rejected) -> None:
    message = rejected(
        team.plan, LifecycleError, lambda: services.fill_open_role(team.plan, team.old_guard_role, team.ivan)
    )

    assert message == "'Old Guard' is dispersed, so its open roles can no longer be filled."


def test_a_role_filled_elsewhere_first_is_said_to_be_gone(team: TeamToStaff, rejected: Rejected) -> None:
    services.fill_open_role(team.plan, team.pr_manager, team.olga)

    rejected(team.plan, NotFoundError, lambda: services.fill_open_role(team.plan, team.pr_manager, team.mia))
