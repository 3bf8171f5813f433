"""The four graphs as plain pictures: nodes, links, colours and the marks of the analysis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from smarket_planner.analysis.graph_picture import (
    NEUTRAL,
    GraphKind,
    GraphPicture,
    LinkKind,
    build_picture,
    node_key,
)
from smarket_planner.analysis.graphs import CLIQUE_LIMIT, work_graph
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.analysis.schedule import dependency_cycle_findings
from smarket_planner.charter.graph import _graph
from smarket_planner.charter.model import CharterContent
from smarket_planner.domain.enums import DependencyKind, LifecycleStatus
from smarket_planner.domain.records import Deliverable, EntityKind, Function, Person, TaskForce

from .builders import START, TODAY, PlanBuilder

SALES, MARKETING, PRODUCT = "#1f77b4", "#ff7f0e", "#2ca02c"


@dataclass
class Two:
    """Two live teams, Launch and Pursuit, joined by one hand-off, and a dispersed third."""

    data: PlanData
    sales: Function
    marketing: Function
    product: Function
    ann: Person  # Sales, leads Launch
    ben: Person  # Marketing
    cat: Person  # Product, on both teams
    dan: Person  # Sales, leads Pursuit
    eve: Person  # Marketing
    gus: Person  # Product, only on the dispersed team
    launch: TaskForce
    pursuit: TaskForce
    old: TaskForce
    brief: Deliverable  # Launch, Ben, 5 days
    webinar: Deliverable  # Launch, Cat, 10 days
    deck: Deliverable  # Launch, Ann, 3 days
    memo: Deliverable  # Launch, no owner, 1 day
    account_plan: Deliverable  # Pursuit, Dan; the webinar hands off to it
    outreach: Deliverable  # Pursuit, Eve; linked to nothing of Launch
    archive: Deliverable  # the dispersed team's


def two_teams() -> Two:
    b = PlanBuilder()
    sales, marketing, product = (
        b.function("Sales", SALES),
        b.function("Marketing", MARKETING),
        b.function("Product", PRODUCT),
    )
    ann, ben, cat = b.person("Ann", sales), b.person("Ben", marketing), b.person("Cat", product)
    dan, eve, gus = b.person("Dan", sales), b.person("Eve", marketing), b.person("Gus", product)
    launch = b.task_force("Launch", lead_id=ann.id)
    pursuit = b.task_force("Pursuit", lead_id=dan.id)
    old = b.task_force("Old", status=LifecycleStatus.DISPERSED, lead_id=gus.id)
    for person in (ann, ben, cat):
        b.member(launch, person)
    for person in (dan, eve, cat):
        b.member(pursuit, person)
    b.member(old, gus)
    b.member(old, ann)
    brief = b.deliverable(launch, "Brief", ben, duration_days=5, start_date=START)
    webinar = b.deliverable(launch, "Webinar", cat, duration_days=10, due_date=date(2026, 10, 1))
    deck = b.deliverable(launch, "Deck", ann, duration_days=3)
    memo = b.deliverable(launch, "Memo", None, duration_days=1)
    account_plan = b.deliverable(pursuit, "Account plan", dan, duration_days=4)
    outreach = b.deliverable(pursuit, "Outreach", eve, duration_days=2)
    archive = b.deliverable(old, "Archive", gus, duration_days=2)
    b.dependency(brief, webinar)
    b.dependency(webinar, deck)
    b.dependency(brief, deck, DependencyKind.NON_BLOCKING)
    b.dependency(webinar, account_plan, DependencyKind.HAND_OFF)
    b.dependency(archive, outreach, DependencyKind.NON_BLOCKING)
    return Two(
        b.build(),
        sales,
        marketing,
        product,
        ann,
        ben,
        cat,
        dan,
        eve,
        gus,
        launch,
        pursuit,
        old,
        brief,
        webinar,
        deck,
        memo,
        account_plan,
        outreach,
        archive,
    )


@pytest.fixture
def two() -> Two:
    return two_teams()


def key(entity: EntityKind, *records: object) -> set[str]:
    return {node_key(entity, record.id) for record in records}  # type: ignore[attr-defined]


def d(*records: Deliverable) -> set[str]:
    return key(EntityKind.DELIVERABLE, *records)


def links(picture: GraphPicture) -> dict[tuple[str, str], LinkKind]:
    return {link.key: link.kind for link in picture.links}


def undirected(picture: GraphPicture) -> set[frozenset[str]]:
    return {frozenset(link.key) for link in picture.links}


def check_whole(picture: GraphPicture) -> None:
    """Every link joins two nodes of the picture, and keys are unique."""
    keys = [node.key for node in picture.nodes]
    assert len(keys) == len(set(keys))
    for link in picture.links:
        assert link.source in keys and link.target in keys


# Deliverables ----------------------------------------------------------------------------------


def test_deliverables_of_one_team_with_the_other_teams_work_they_touch(two: Two) -> None:
    picture = build_picture(two.data, GraphKind.DELIVERABLES, [two.launch.id])
    check_whole(picture)

    assert picture.directed and picture.kind is GraphKind.DELIVERABLES
    assert picture.title == "Deliverables"
    shown = {node.key for node in picture.nodes}
    assert shown == d(two.brief, two.webinar, two.deck, two.memo, two.account_plan)
    assert {n.key for n in picture.nodes if n.external} == d(two.account_plan)
    b, w, k, a = (
        node_key(EntityKind.DELIVERABLE, x.id) for x in (two.brief, two.webinar, two.deck, two.account_plan)
    )
    assert links(picture) == {
        (b, w): LinkKind.BLOCKING,
        (w, k): LinkKind.BLOCKING,
        (b, k): LinkKind.NON_BLOCKING,
        (w, a): LinkKind.HAND_OFF,
    }
    webinar = picture.node(w)
    assert (webinar.label, webinar.entity, webinar.ident) == (
        "Webinar",
        EntityKind.DELIVERABLE,
        two.webinar.id,
    )
    assert (webinar.colour, webinar.function, webinar.function_id) == (PRODUCT, "Product", two.product.id)
    assert (webinar.task_force, webinar.task_force_id) == ("Launch", two.launch.id)
    assert webinar.due == date(2026, 10, 1) and webinar.status == "planned"
    assert "Cat" in webinar.detail and "01 Oct" in webinar.detail
    assert picture.node(b).colour == MARKETING and picture.node(b).start == START
    assert picture.node(k).colour == SALES
    memo = picture.node(node_key(EntityKind.DELIVERABLE, two.memo.id))
    assert memo.colour == NEUTRAL and memo.function_id is None and "no owner" in memo.detail
    assert picture.node(a).colour == SALES and picture.node(a).task_force == "Pursuit"
    # Own work first, then the other team's, as a drawing lays them out top to bottom.
    assert [n.key for n in picture.nodes][-1] == a


def test_deliverables_of_the_portfolio_leave_out_resting_teams(two: Two) -> None:
    picture = build_picture(two.data, GraphKind.DELIVERABLES)
    shown = {node.key for node in picture.nodes}

    assert d(two.brief, two.webinar, two.deck, two.memo, two.account_plan, two.outreach) <= shown
    # The dispersed team's work shows only as what a live team's work is linked to.
    assert d(two.archive) <= shown and picture.node(next(iter(d(two.archive)))).external
    assert not any(node.external for node in picture.nodes if node.key != next(iter(d(two.archive))))


def test_the_critical_path_marks_its_nodes_and_the_links_between_them(two: Two) -> None:
    picture = build_picture(two.data, GraphKind.DELIVERABLES, [two.launch.id])
    b, w, k = (node_key(EntityKind.DELIVERABLE, x.id) for x in (two.brief, two.webinar, two.deck))

    assert {node.key for node in picture.nodes if node.critical} == {b, w, k}
    assert {link.key for link in picture.links if link.critical} == {(b, w), (w, k)}
    # The non-blocking shortcut from the brief to the deck joins two critical nodes but is no step.
    assert not next(link for link in picture.links if link.key == (b, k)).critical
    assert not any(node.in_cycle for node in picture.nodes)


def test_a_loop_finding_marks_its_nodes_and_links(two: Two) -> None:
    b = PlanBuilder()
    sales = b.function("Sales", SALES)
    ann = b.person("Ann", sales)
    team = b.task_force("Loop")
    b.member(team, ann)
    first, second, third, aside = (b.deliverable(team, t, ann) for t in ("First", "Second", "Third", "Aside"))
    b.dependency(first, second)
    b.dependency(second, third)
    b.dependency(third, first)
    b.dependency(third, aside)
    data = b.build()
    findings = dependency_cycle_findings(data)
    assert [f.kind for f in findings] == [FindingKind.DEPENDENCY_CYCLE]

    picture = build_picture(data, GraphKind.DELIVERABLES, [team.id], findings)
    f, s, t, a = (node_key(EntityKind.DELIVERABLE, x.id) for x in (first, second, third, aside))

    assert {node.key for node in picture.nodes if node.in_cycle} == {f, s, t}
    assert {link.key for link in picture.links if link.in_cycle} == {(f, s), (s, t), (t, f)}
    assert not picture.node(a).in_cycle
    # Without the finding, nothing is marked: the marks come from the analysis, not the drawing.
    plain = build_picture(data, GraphKind.DELIVERABLES, [team.id])
    assert not any(n.in_cycle for n in plain.nodes) and not any(x.in_cycle for x in plain.links)


def test_a_hand_made_loop_finding_with_text_ids(two: Two) -> None:
    ids = [str(two.webinar.id), str(two.deck.id)]
    finding = Finding(
        FindingKind.DEPENDENCY_CYCLE, Severity.ERROR, "Loop.", "Break it.", facts={"deliverable_ids": ids}
    )
    picture = build_picture(two.data, GraphKind.DELIVERABLES, [two.launch.id], [finding])
    w, k = (node_key(EntityKind.DELIVERABLE, x.id) for x in (two.webinar, two.deck))

    assert {node.key for node in picture.nodes if node.in_cycle} == {w, k}
    assert {link.key for link in picture.links if link.in_cycle} == {(w, k)}  # no link back: none drawn


# Task forces -----------------------------------------------------------------------------------


def test_task_forces_joined_by_their_work(two: Two) -> None:
    picture = build_picture(two.data, GraphKind.TASK_FORCES)
    check_whole(picture)
    launch, pursuit, old = (node_key(EntityKind.TASK_FORCE, t.id) for t in (two.launch, two.pursuit, two.old))

    assert picture.directed
    # Every live team; the dispersed one because its work feeds Pursuit's.
    assert {node.key for node in picture.nodes} == {launch, pursuit, old}
    assert picture.node(old).external and not picture.node(launch).external
    assert links(picture) == {(launch, pursuit): LinkKind.CROSS_TEAM, (old, pursuit): LinkKind.CROSS_TEAM}
    link = next(x for x in picture.links if x.key == (launch, pursuit))
    assert link.weight == 1.0 and "1 dependency" in link.label and "hand-off" in link.label
    node = picture.node(launch)
    assert (node.label, node.colour, node.function) == ("Launch", SALES, "Sales")  # the lead's function
    assert node.size == 3.0 and node.status == "active" and "3 people" in node.detail


def test_one_task_force_and_its_neighbours(two: Two) -> None:
    picture = build_picture(two.data, GraphKind.TASK_FORCES, [two.launch.id])
    launch, pursuit = (node_key(EntityKind.TASK_FORCE, t.id) for t in (two.launch, two.pursuit))

    assert {node.key for node in picture.nodes} == {launch, pursuit}
    assert {n.key for n in picture.nodes if n.external} == {pursuit}
    assert links(picture) == {(launch, pursuit): LinkKind.CROSS_TEAM}


# Functions -------------------------------------------------------------------------------------


def test_functions_that_work_together(two: Two) -> None:
    picture = build_picture(two.data, GraphKind.FUNCTIONS)
    check_whole(picture)
    sales, marketing, product = (
        node_key(EntityKind.FUNCTION, f.id) for f in (two.sales, two.marketing, two.product)
    )

    assert not picture.directed
    assert {node.key for node in picture.nodes} == {sales, marketing, product}
    assert {picture.node(k).colour for k in (sales, marketing, product)} == {SALES, MARKETING, PRODUCT}
    assert picture.node(sales).colour == SALES and picture.node(sales).label == "Sales"
    assert undirected(picture) == {
        frozenset((sales, marketing)),
        frozenset((sales, product)),
        frozenset((marketing, product)),
    }
    # Sales (Ann, Dan) and Product (Cat) share both live teams: 2 pairs; on live teams, two people each.
    assert picture.node(sales).size == 2.0 and picture.node(product).size == 1.0
    assert all(link.kind in (LinkKind.COLLABORATION, LinkKind.HAND_OFF) for link in picture.links)


def test_functions_of_one_team_leave_out_functions_not_on_it() -> None:
    b = PlanBuilder()
    sales, marketing, finance = b.function("Sales", SALES), b.function("Marketing"), b.function("Finance")
    ann, ben = b.person("Ann", sales), b.person("Ben", marketing)
    b.person("Fin", finance)
    team = b.task_force("Team")
    b.member(team, ann)
    b.member(team, ben)
    data = b.build()

    scoped = build_picture(data, GraphKind.FUNCTIONS, [team.id])
    whole = build_picture(data, GraphKind.FUNCTIONS)

    assert {n.label for n in scoped.nodes} == {"Sales", "Marketing"}
    assert {n.label for n in whole.nodes} == {"Sales", "Marketing", "Finance"}


# People ----------------------------------------------------------------------------------------


def test_people_who_work_together(two: Two) -> None:
    picture = build_picture(two.data, GraphKind.PEOPLE)
    check_whole(picture)
    p = {
        person.name: node_key(EntityKind.PERSON, person.id)
        for person in (two.ann, two.ben, two.cat, two.dan, two.eve, two.gus)
    }

    assert not picture.directed
    # Gus is only on the dispersed team: not in the picture.
    assert {node.key for node in picture.nodes} == {p[n] for n in ("Ann", "Ben", "Cat", "Dan", "Eve")}
    assert undirected(picture) == {
        frozenset((p["Ann"], p["Ben"])),
        frozenset((p["Ann"], p["Cat"])),
        frozenset((p["Ben"], p["Cat"])),
        frozenset((p["Dan"], p["Eve"])),
        frozenset((p["Dan"], p["Cat"])),
        frozenset((p["Eve"], p["Cat"])),
    }
    cat = picture.node(p["Cat"])
    assert (cat.label, cat.colour, cat.function) == ("Cat", PRODUCT, "Product")
    assert dict(cat.facts)["Task forces"] == "Launch, Pursuit"
    # Ben hands the brief to Cat's webinar and shares a team with her: a stronger link.
    ben_cat = next(link for link in picture.links if set(link.key) == {p["Ben"], p["Cat"]})
    assert ben_cat.weight == 2.0
    assert not any(node.bottleneck or node.single_point for node in picture.nodes)


def test_findings_mark_bottleneck_and_single_point_people(two: Two) -> None:
    def about(kind: FindingKind, person: Person) -> Finding:
        ref = EntityRef(EntityKind.PERSON, person.id, person.name)
        return Finding(kind, Severity.WARNING, "Said.", "Do.", entities=(ref,))

    findings = [
        about(FindingKind.BOTTLENECK_PERSON, two.cat),
        about(FindingKind.SINGLE_POINT_OF_FAILURE, two.ann),
        about(FindingKind.SILOED_FUNCTION, two.ben),  # another kind: no mark
    ]
    picture = build_picture(two.data, GraphKind.PEOPLE, findings=findings)
    marks = {n.label: (n.bottleneck, n.single_point) for n in picture.nodes}

    assert marks == {
        "Ann": (False, True),
        "Ben": (False, False),
        "Cat": (True, False),
        "Dan": (False, False),
        "Eve": (False, False),
    }


def test_people_of_one_team(two: Two) -> None:
    picture = build_picture(two.data, GraphKind.PEOPLE, [two.pursuit.id])

    assert {n.label for n in picture.nodes} == {"Dan", "Eve", "Cat"}
    assert len(picture.links) == 3


def test_a_large_team_becomes_one_node_in_the_people_graph() -> None:
    b = PlanBuilder()
    sales = b.function("Sales", SALES)
    crowd = [b.person(f"Person {i}", sales) for i in range(CLIQUE_LIMIT + 1)]
    big, small = b.task_force("Big"), b.task_force("Small")
    for person in crowd:
        b.member(big, person)
    b.member(small, crowd[0])
    b.member(small, crowd[1])
    data = b.build()

    picture = build_picture(data, GraphKind.PEOPLE)
    check_whole(picture)
    hub = node_key(EntityKind.TASK_FORCE, big.id)
    people = {node_key(EntityKind.PERSON, p.id) for p in crowd}

    assert {n.key for n in picture.nodes} == people | {hub}
    team = picture.node(hub)
    assert (team.entity, team.label, team.size) == (EntityKind.TASK_FORCE, "Big", float(CLIQUE_LIMIT + 1))
    # Each member is joined to the team node, not to each of the others; the small team pairs its two.
    first, second = (node_key(EntityKind.PERSON, p.id) for p in crowd[:2])
    assert undirected(picture) == {frozenset((p, hub)) for p in people} | {frozenset((first, second))}
    # The team's node does not clash with a person of the same id.
    assert node_key(EntityKind.PERSON, big.id) in people


# Shared by all ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(GraphKind))
def test_an_empty_plan_gives_empty_pictures(kind: GraphKind) -> None:
    picture = build_picture(PlanBuilder().build(), kind)

    assert picture.nodes == () and picture.links == ()
    assert picture.title == kind.label
    assert picture.topology().number_of_nodes() == 0


@pytest.mark.parametrize("kind", list(GraphKind))
def test_a_team_named_but_not_in_the_plan_gives_an_empty_picture(two: Two, kind: GraphKind) -> None:
    picture = build_picture(two.data, kind, [999], title="Nobody")

    assert picture.title == "Nobody"
    assert picture.links == ()
    if kind is not GraphKind.FUNCTIONS:
        assert picture.nodes == ()


@pytest.mark.parametrize("kind", list(GraphKind))
def test_topology_follows_the_links(two: Two, kind: GraphKind) -> None:
    picture = build_picture(two.data, kind)
    graph = picture.topology()

    assert graph.is_directed() is kind.directed
    assert set(graph.nodes) == {n.key for n in picture.nodes}
    assert graph.number_of_edges() == len(picture.links)


def test_the_charter_and_the_picture_share_one_builder(two: Two) -> None:
    own = (two.brief, two.webinar, two.deck, two.memo)
    deliverables = (*reversed(own), two.account_plan)
    deps = tuple(x for x in two.data.dependencies if x.upstream_id != two.archive.id)
    content = CharterContent(
        plan_title="Plan",
        printed_on=TODAY,
        task_force=two.launch,
        functions={f.id: f for f in two.data.functions},
        people={p.id: p for p in two.data.people},
        deliverables=deliverables,
        dependencies=deps,
    )

    charter = _graph(content)
    shared = work_graph(deliverables, deps, first_team={two.launch.id})

    assert list(charter.nodes) == list(shared.nodes)
    assert list(charter.edges) == list(shared.edges)
    assert dict(charter.nodes(data=True)) == dict(shared.nodes(data=True))
    # Own work first (by start or due day), other teams' last.
    assert list(charter.nodes)[-1] == two.account_plan.id
    assert list(charter.nodes)[:2] == [two.brief.id, two.webinar.id]
    # The picture of the same team draws the same boxes and arrows.
    picture = build_picture(two.data, GraphKind.DELIVERABLES, [two.launch.id])
    assert {n.ident for n in picture.nodes} == set(charter.nodes)
    assert {(int(s.split(":")[1]), int(t.split(":")[1])) for s, t in (x.key for x in picture.links)} == set(
        charter.edges
    )
