"""Read a plan JSON file, check all of it, and write it into an empty plan as one step that Undo takes back.

Nothing is written until the whole file has passed: its format and version, the published schema
(checked by the ``jsonschema`` library), its references, and the plan's own rules on every row.
Then it is written in one transaction, all of it or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from smarket_planner.analysis.graph_model import GraphKind, node_key
from smarket_planner.domain import fields, rules
from smarket_planner.domain.errors import DomainError, ValidationError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.actions.catalog import CASELESS, LINKS, REFERENCES, ROWS, UNIQUE
from smarket_planner.services.actions.edits import Batch, Compound, Outcome, Remove, Step, apply
from smarket_planner.services.actions.notices import ChangeAction, ChangeNotice
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.actions.rows import split_links
from smarket_planner.services.exchange import plan_json
from smarket_planner.services.exchange.plan_json import Where, describe, shown
from smarket_planner.services.views.graph_view import view_name
from smarket_planner.storage.base import current_user, utc_now
from smarket_planner.storage.model import PlanMeta

K = EntityKind
PARENT = {child: parent for children in plan_json.CHILDREN.values() for _, child, parent in children}
# What a reference names its target as, in a message: "names the person 'zoe@x.com' as its lead".
ROLES = {"sponsor": "its sponsor", "lead": "its lead", "owner": "its owner", "owners": "one of its owners"}
ROLES |= {"accountable": "the one accountable", "raised_by": "the one who raised it"}
ROLES |= {"decided_by": "the one who decided", "committed": "one of those committed"}
ROLES |= {"reformed_from": "the one it was re-formed from", "task_force": "its task force"}
ROLES |= {"upstream": "the work waited for", "downstream": "the work that waits"}
ROLES |= {"asked_by": "the one who asked", "answerer": "the one to answer"}
ROLES |= {"functions": "one of the functions it concerns"}


class PlanImportError(DomainError):
    """A plan file cannot be imported as it is; the message says what to change. Nothing was written."""


class Place(NamedTuple):
    """A place dragged in a graph; its task force and node are given by their place in the file."""

    graph: GraphKind
    task_force: int | None
    node: EntityKind
    ident: int
    x: float
    y: float


@dataclass(frozen=True)
class PlanDocument:
    """A plan file read and checked whole, ready to import. Its rows hold clean values whose references
    give the place of a thing in the file (the first person is 1), not an id in any plan."""

    source: str
    title: str
    rows: Mapping[EntityKind, tuple[dict[str, Any], ...]]
    places: tuple[Place, ...] = ()

    @property
    def counts(self) -> dict[EntityKind, int]:
        """How many of each kind of thing the file holds."""
        counted = {kind: len(self.rows.get(kind, ())) for kind in EntityKind}
        return counted | {K.VIEW_POSITION: len(self.places)}


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote: the plan's title from the file and how many of each kind of thing."""

    title: str
    counts: dict[EntityKind, int]


class _Entry(NamedTuple):
    item: dict[str, Any]
    trail: Where
    parent: int | None  # the place in the file of the thing it sits in
    team: str  # the name of its task force, which deliverables are referred to within


def read_plan_json(path: Path) -> PlanDocument:
    """Read a plan JSON file and check all of it (format, schema, references, rules); write nothing."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PlanImportError(f"The file '{path}' cannot be read: {error.strerror or 'refused'}.") from None
    name = shown(path.name)
    document = _parse(raw, name)
    problem = plan_json.schema_problem(document)
    if problem is not None:
        raise PlanImportError(problem)
    return _Reader(name, document).document()


def import_plan_json(plan: Plan, document: PlanDocument | Path) -> Outcome[ImportSummary]:
    """Import a plan file into an empty plan: all of it or nothing, as one step that Undo takes back."""
    checked = document if isinstance(document, PlanDocument) else read_plan_json(document)
    label = f"Import {checked.source}"

    def build(session: Session, made: list[Step[Any]]) -> ImportSummary:
        return _write(session, made, checked, label)

    return apply(plan, Compound(build, label))


def _parse(raw: bytes, name: str) -> dict[str, Any]:
    """The file's JSON, once it is known to be a plan in a format this program reads."""
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_constant=_refuse_constant)
        json.dumps(document, ensure_ascii=False).encode("utf-8")  # half a character cannot be stored
    except json.JSONDecodeError as error:
        at = f" (the trouble starts at row {error.lineno}, column {error.colno})"
        raise PlanImportError(f"The file '{name}' is not a plan file: it is not valid JSON{at}.") from None
    except UnicodeError:
        raise PlanImportError(
            f"The file '{name}' is not a plan file: it holds text that is not valid UTF-8."
        ) from None
    except (ValueError, RecursionError):
        raise PlanImportError(f"The file '{name}' is not a plan file: it is not valid JSON.") from None
    if not isinstance(document, dict) or document.get("format") != plan_json.FORMAT:
        raise PlanImportError(
            f"The file '{name}' is not a smarket-planner plan: it holds JSON of another kind."
        )
    version = document.get("schema_version")
    if type(version) is not int or version < 1:
        raise PlanImportError(f"The file '{name}' does not say in which plan format it is written.")
    if version > plan_json.SCHEMA_VERSION:
        raise PlanImportError(
            f"This file was written by a newer smarket-planner (plan format {version}); this version "
            f"reads format {plan_json.SCHEMA_VERSION}. Update smarket-planner to import it."
        )
    return document


def _refuse_constant(word: str) -> None:
    raise ValueError(word)  # NaN and Infinity are not JSON


class _Reader:
    """The file's things in the order they will be written, references resolved and every row checked."""

    def __init__(self, source: str, document: dict[str, Any]) -> None:
        self.source, self.read = source, document
        self.entries: dict[EntityKind, list[_Entry]] = {kind: [] for kind in EntityKind}
        self.index: dict[EntityKind, dict[Any, int]] = {kind: {} for kind in plan_json.NODE_KINDS}
        self.defaults = {kind: fields.defaults(kind) for kind in EntityKind}

    def document(self) -> PlanDocument:
        """The checked document; the first thing wrong raises PlanImportError."""
        read = self.read
        for name, kind in plan_json.TOP_LISTS.items():
            self._collect(kind, read[name], (), None, "")
        self._collect(K.DEPENDENCY, read.get("dependencies", []), (), None, "")
        rows: dict[EntityKind, tuple[dict[str, Any], ...]] = {}
        for kind in ROWS:
            if kind is not K.VIEW_POSITION:
                rows[kind] = tuple(self._row(kind, entry) for entry in self.entries[kind])
                self._check_unique(kind, rows[kind], self.entries[kind])
        places = [self._place(number, item) for number, item in enumerate(read.get("places", []))]
        self._check_unique(K.VIEW_POSITION, [values for _, values in places], self.entries[K.VIEW_POSITION])
        title = rules.clean_text(read.get("title", ""), "title")
        return PlanDocument(self.source, title, rows, tuple(place for place, _ in places))

    def _collect(
        self, kind: EntityKind, items: list[Any], trail: Where, parent: int | None, team: str
    ) -> None:
        for number, item in enumerate(items):
            here = (*trail, (kind, number))
            team_name = item["name"] if kind is K.TASK_FORCE else team
            self.entries[kind].append(_Entry(item, here, parent, team_name))
            position = len(self.entries[kind])
            if kind in self.index:
                self._index(kind, item, here, team_name, position)
            for name, child, _ in plan_json.CHILDREN.get(kind, ()):
                self._collect(child, item.get(name, []), here, position, team_name)

    def _index(self, kind: EntityKind, item: dict[str, Any], trail: Where, team: str, position: int) -> None:
        """Note what a thing is referred to as; two things referred to alike would be ambiguous."""
        ref: Any = item.get("name")
        if kind is K.PERSON:
            ref = item.get("key") or item.get("email") or item["name"]
        elif kind is K.DELIVERABLE:
            ref = (team, item.get("key") or item["title"])
        earlier = self.index[kind].setdefault(ref, position)
        if earlier != position:
            first = plan_json.where(self.entries[kind][earlier - 1].trail)
            fix = "a key of its own" if kind in (K.PERSON, K.DELIVERABLE) else "a name of its own"
            raise PlanImportError(
                f"{describe(kind, item, trail)} goes by '{shown(ref[1] if kind is K.DELIVERABLE else ref)}', "
                f"as does the {kind.label} at {first}; give one of them {fix}."
            )

    def _row(self, kind: EntityKind, entry: _Entry) -> dict[str, Any]:
        """A thing's values checked by the plan's rules, its references given as places in the file."""
        item, values = entry.item, dict(self.defaults[kind])
        if entry.parent is not None:
            values[PARENT[kind]] = entry.parent
        for name in plan_json.FIELDS[kind]:
            if name not in item:
                continue
            if name == "rhythm":
                rhythm = item[name] or {}
                values.update({f"rhythm_{part}": rhythm[part] for part in plan_json.RHYTHM if part in rhythm})
            elif name in plan_json.REFERENCE_FIELDS:
                field = plan_json.REFERENCE_FIELDS[name]
                found = item[name]
                if isinstance(found, list):
                    found = tuple(self._find(REFERENCES[field], entry, name, ref) for ref in found)
                elif found is not None:
                    found = self._find(REFERENCES[field], entry, name, found)
                values[field] = found
            else:
                values[name] = item[name]
        return self._clean(kind, entry, values)

    def _clean(self, kind: EntityKind, entry: _Entry, values: dict[str, Any]) -> dict[str, Any]:
        try:
            return fields.clean(kind, values)
        except ValidationError as error:
            raise PlanImportError(f"{describe(kind, entry.item, entry.trail)}: {error.message}") from None

    def _find(self, target: EntityKind, entry: _Entry, role: str, ref: Any) -> int:
        """The place in the file of the thing a reference names."""
        key = (ref["task_force"], ref["deliverable"]) if target is K.DELIVERABLE else ref
        found = self.index[target].get(key)
        if found is None:
            named = f"'{shown(str(ref))}'"
            if target is K.DELIVERABLE:
                named = f"'{shown(ref['deliverable'])}' of task force '{shown(ref['task_force'])}'"
            as_role = f" as {ROLES[role]}" if role in ROLES else ""
            raise PlanImportError(
                f"{describe(entry.trail[-1][0], entry.item, entry.trail)} names the {target.label} "
                f"{named}{as_role}, but the file holds no such {target.label}."
            )
        return found

    def _place(self, number: int, item: dict[str, Any]) -> tuple[Place, dict[str, Any]]:
        """A place in a graph, its task force and node found; checked with places as ids."""
        entry = _Entry(item, ((K.VIEW_POSITION, number),), None, "")
        self.entries[K.VIEW_POSITION].append(entry)
        team = item.get("task_force")
        team = None if team is None else self._find(K.TASK_FORCE, entry, "task_force", team)
        node = next(kind for kind in plan_json.NODE_KINDS if kind.value in item["node"])
        ident = self._find(node, entry, "", item["node"][node.value])
        graph = GraphKind(item["graph"])
        values = {
            "view": view_name(graph, team),
            "node_key": node_key(node, ident),
            "x": item["x"],
            "y": item["y"],
        }
        clean = self._clean(K.VIEW_POSITION, entry, values)
        return Place(graph, team, node, ident, clean["x"], clean["y"]), clean

    def _check_unique(
        self, kind: EntityKind, rows: Sequence[dict[str, Any]], entries: Sequence[_Entry]
    ) -> None:
        """Refuse two things the plan keeps one of: two functions of a name, a person twice on a team."""
        for columns, message in UNIQUE.get(kind, []):
            seen: dict[tuple[Any, ...], dict[str, Any]] = {}
            for values, entry in zip(rows, entries, strict=True):
                if any(values[column] is None for column in columns):
                    continue
                key = tuple(
                    rules.name_key(values[column]) if column in CASELESS else values[column]
                    for column in columns
                )
                if key in seen:  # named as the first one spells it
                    person = (
                        self.entries[K.PERSON][values["person_id"] - 1].item if "person_id" in values else {}
                    )
                    said = message.format(**seen[key] | {"person": shown(str(person.get("name", "")))})
                    raise PlanImportError(f"{describe(kind, entry.item, entry.trail)}: {said}")
                seen[key] = values


def _write(session: Session, made: list[Step[Any]], document: PlanDocument, label: str) -> ImportSummary:
    """Write every row of the document into the empty plan, in bulk, each thing before its parts."""
    _refuse_unless_empty(session)
    made.append(_Retitle(document.title, label).run(session))
    ids: dict[EntityKind, list[int]] = {}
    for kind, rows in document.rows.items():
        ids[kind] = _insert(session, kind, rows, ids)
    places = []
    for place in document.places:
        team = None if place.task_force is None else ids[K.TASK_FORCE][place.task_force - 1]
        node = node_key(place.node, ids[place.node][place.ident - 1])
        values = {"view": view_name(place.graph, team), "node_key": node, "x": place.x, "y": place.y}
        places.append(fields.clean(K.VIEW_POSITION, values))
    ids[K.VIEW_POSITION] = _insert(session, K.VIEW_POSITION, places, ids)
    notices = tuple(ChangeNotice(kind, ChangeAction.CREATED, tuple(new)) for kind, new in ids.items() if new)
    # Undo takes the places, then the task forces with all their parts, then people, then functions.
    tops = (K.VIEW_POSITION, *reversed(plan_json.TOP_LISTS.values()))
    undo = Batch([Remove(kind, tuple(ids[kind]), label) for kind in tops if ids[kind]], label)
    summary = ImportSummary(document.title, {kind: len(ids.get(kind, ())) for kind in EntityKind})
    made.append(Step(summary, undo, notices))
    return summary


def _refuse_unless_empty(session: Session) -> None:
    """A plan file goes only into an empty plan: never merged into one that holds people or teams."""
    held = []
    for kind in plan_json.TOP_LISTS.values():
        count = session.scalar(select(func.count()).select_from(ROWS[kind])) or 0
        if count:
            held.append(f"{count:,} {kind.label if count == 1 else kind.plural}")
    if held:
        listed = ", ".join(held[:-1]) + (" and " if len(held) > 1 else "") + held[-1]
        raise PlanImportError(
            f"The plan already holds {listed}; a plan file is imported only into an empty plan, "
            "made with 'smarket-planner new'."
        )


def _insert(
    session: Session, kind: EntityKind, rows: Sequence[dict[str, Any]], ids: Mapping[EntityKind, list[int]]
) -> list[int]:
    """Insert one kind's rows at once, references turned into ids; return their new ids in order."""
    if not rows:
        return []
    table: Any = ROWS[kind].__table__
    now = utc_now()
    stamp: dict[str, Any] = {"version": 1, "created_at": now, "changed_at": now, "changed_by": current_user()}
    columns, links, reformed = [], [], []
    for values in rows:
        real = {name: _real(name, value, ids) for name, value in values.items() if name != "reformed_from_id"}
        row, link = split_links(kind, real)
        columns.append(row | stamp | ({"reformed_from_id": None} if kind is K.TASK_FORCE else {}))
        links.append(link)
        reformed.append(values.get("reformed_from_id"))
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    new = list(session.execute(statement, columns).scalars())
    for (link_kind, name), (link_table, owner, member) in LINKS.items():
        pairs = [{owner: new[n], member: one} for n, link in enumerate(links) for one in link.get(name, ())]
        if link_kind is kind and pairs:
            session.execute(insert(link_table), pairs)
    # A task force may be re-formed from one listed after it: that reference is set once all are in.
    later = [{"team": new[n], "source": new[source - 1]} for n, source in enumerate(reformed) if source]
    if later:
        change = update(table).where(table.c.id == bindparam("team"))
        session.execute(change.values(reformed_from_id=bindparam("source")), later)
    return new


def _real(name: str, value: Any, ids: Mapping[EntityKind, list[int]]) -> Any:
    """A reference given as a place in the file, as the id of the row written for that thing."""
    target = REFERENCES.get(name)
    if target is None or value is None:
        return value
    if isinstance(value, tuple):
        return tuple(ids[target][place - 1] for place in value)
    return ids[target][value - 1]


@dataclass(frozen=True)
class _Retitle:
    """Give the plan the title the file holds; the reverse gives back the one it had."""

    title: str
    label: str = ""

    def run(self, session: Session) -> Step[str]:
        """Set the plan's title."""
        row = session.get(PlanMeta, "title")
        before = row.value if row is not None else ""
        if row is None:
            session.add(PlanMeta(key="title", value=self.title))
        else:
            row.value = self.title
        session.flush()
        return Step(self.title, _Retitle(before, self.label))
