"""Hearing the edits other windows, programs and colleagues make to an open plan."""

from __future__ import annotations

from sqlalchemy import select

from smarket_planner.services.actions.catalog import ROWS
from smarket_planner.services.actions.notices import ChangeAction, ChangeNotice, decode
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.change_signals import listen


class PlanWatch:
    """Tells this client's views what others changed in the plan, when asked (a timer asks)."""

    def __init__(self, plan: Plan) -> None:
        self._plan = plan
        self._listener = listen(plan.store.engine)

    def poll(self) -> tuple[ChangeNotice, ...]:
        """Publish on ``plan.changes`` what others changed since the last poll; what was published."""
        payloads = self._listener.poll()
        if payloads is None:
            notices = self._everything()
        else:
            notices = tuple(
                notice
                for origin, found in map(decode, payloads)
                if origin != self._plan.origin
                for notice in found
            )
        if notices:
            self._plan.changes.publish(notices)
        return notices

    def _everything(self) -> tuple[ChangeNotice, ...]:
        """Some changes went unheard (the server was out of reach): everything may have changed."""
        with self._plan.store.session() as session:
            return tuple(
                ChangeNotice(kind, ChangeAction.UPDATED, tuple(session.scalars(select(row.id))))  # type: ignore[attr-defined]
                for kind, row in ROWS.items()
            )

    def close(self) -> None:
        """Stop listening."""
        self._listener.close()
