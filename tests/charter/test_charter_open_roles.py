"""The places a task force still has to staff, printed apart from its members and read back from the PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from smarket_planner.domain.records import OpenRole, TaskForce
from smarket_planner.services import Plan
from smarket_planner.services.reports.charter import CharterOptions, Section, write_task_force_charter
from tests.charter.conftest import TODAY, K, flat, found, new_id, pdf_text, qpdf_clean, task_force


def write(plan: Plan, ident: int, path: Path, options: CharterOptions | None = None) -> str:
    """Write a charter (today fixed), check that qpdf finds it sound, and give its text on one line."""
    write_task_force_charter(plan, ident, path, options, today=TODAY)
    qpdf_clean(path)
    return flat(pdf_text(path))


def dach_like(plan: Plan) -> int:
    """A forming team of two named members and two places to staff: a PR lead with skills, dates and a
    note, and a Finance place with nothing but its share (it runs on the team's dates)."""
    marketing = new_id(plan, K.FUNCTION, name="Marketing", colour="#cf6a1f")
    finance = new_id(plan, K.FUNCTION, name="Finance", colour="#a2801a")
    team = new_id(
        plan, K.TASK_FORCE, name="DACH entry", kind="market_entry", status="forming",
        start_date=date(2026, 11, 9), end_date=date(2027, 5, 21),
    )  # fmt: skip
    for name, pct in (("Greta Müller", 50), ("Hannah Schmidt", 40)):
        person = new_id(plan, K.PERSON, name=name, function_id=marketing)
        new_id(plan, K.MEMBERSHIP, task_force_id=team, person_id=person, role="core", allocation_pct=pct)
    new_id(
        plan, K.OPEN_ROLE, task_force_id=team, function_id=finance, allocation_pct=30, role="advisor",
    )  # fmt: skip
    new_id(
        plan, K.OPEN_ROLE, task_force_id=team, function_id=marketing, title="PR lead, DACH press",
        allocation_pct=20, start_date=date(2026, 11, 30), end_date=date(2027, 3, 31),
        skills="German, press relations", note="Trade press in Munich and Vienna",
    )  # fmt: skip
    return team


def test_the_places_to_staff_print_after_the_named_members(plan: Plan, tmp_path: Path) -> None:
    """Each open role with its function, part, share, dates, skills wanted and note, under "To be
    staffed" after the members; the soonest to start first, an untitled one named by its function."""
    text = write(plan, dach_like(plan), tmp_path / "dach.pdf")
    members, _, staffing = text.partition("To be staffed")
    assert "Greta Müller" in members and "Hannah Schmidt" in members
    assert "PR lead" not in members and "Greta Müller" not in staffing
    assert "2 places still to fill, 0.5 FTE in all; nobody is named for them yet." in staffing
    assert "Open role Role Allocation Dates" in staffing
    staffing = staffing.partition("Shared goals")[0]
    for part in (
        "Someone from Finance",
        "\u25a0 Finance",
        "Advisor 30% 9 Nov 2026 \u2013 21 May 2027",
        "PR lead, DACH press",
        "\u25a0 Marketing Skills wanted: German, press relations Trade press in Munich and Vienna",
        "Core 20% 30 Nov 2026 \u2013 31 Mar 2027",
    ):
        assert part in staffing, part
    assert staffing.index("Someone from Finance") < staffing.index("PR lead")


def test_a_team_without_open_roles_has_no_such_part(plan: Plan, tmp_path: Path) -> None:
    team = dach_like(plan)
    assert "To be staffed" in write(plan, team, tmp_path / "with.pdf")
    other = task_force(plan, "Fully staffed")
    assert "To be staffed" not in write(plan, other, tmp_path / "without.pdf")


def test_a_team_of_open_roles_alone_says_so(plan: Plan, tmp_path: Path) -> None:
    """Nobody named yet, places known: both are said."""
    finance = new_id(plan, K.FUNCTION, name="Finance", colour="#a2801a")
    team = task_force(plan, "Pricing review")
    new_id(
        plan, K.OPEN_ROLE, task_force_id=team, function_id=finance, title="Pricing analyst", skills="pricing"
    )
    text = write(plan, team, tmp_path / "alone.pdf")
    said = "No one is on this task force yet. To be staffed 1 place still to fill, 0.2 FTE in all;"
    assert f"{said} nobody is named for it yet." in text
    _, _, staffing = text.partition("To be staffed")
    for part in ("Pricing analyst", "\u25a0 Finance", "Core", "20% dates not set", "Skills wanted: pricing"):
        assert part in staffing.partition("Shared goals")[0], part


def test_the_places_go_with_the_members_section(plan: Plan, tmp_path: Path) -> None:
    """Left out with the members, as a manager who leaves out the team expects."""
    team = dach_like(plan)
    chosen = CharterOptions(sections=frozenset(Section) - {Section.MEMBERS})
    text = write(plan, team, tmp_path / "no-members.pdf", chosen)
    assert "To be staffed" not in text and "PR lead" not in text


def test_the_demo_teams_that_are_still_staffing_print_their_open_roles(demo: Plan, tmp_path: Path) -> None:
    """Every demo team with open roles prints each of them under "To be staffed"."""
    teams = {team.id: team for team in found(demo, TaskForce)}
    roles = found(demo, OpenRole)
    assert {teams[role.task_force_id].status.value for role in roles} == {"forming", "proposed"}
    for ident in sorted({role.task_force_id for role in roles}):
        text = write(demo, ident, tmp_path / f"team-{ident}.pdf")
        _, _, staffing = text.partition("To be staffed")
        mine = [role for role in roles if role.task_force_id == ident]
        assert 2 <= len(mine) <= 4
        for role in mine:
            assert role.title and role.title in staffing, role.title
            assert all(skill in staffing for skill in role.skill_list), role.skills
