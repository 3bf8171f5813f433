"""Every user action on a plan: checked, committed at once, undoable, announced.

Each action runs in one transaction and returns an ``Outcome``: the plain record(s)
it produced, the ``undo`` edit that reverses it (``undo(plan, outcome)``), and the
change notices it published on ``plan.changes``.
"""

from smarket_planner.services.actions.copies import copy_name, duplicate, what_goes_with
from smarket_planner.services.actions.crud import add, create, delete, find, get, update
from smarket_planner.services.actions.edits import Outcome, undo
from smarket_planner.services.actions.notices import ChangeAction, ChangeFeed, ChangeNotice
from smarket_planner.services.actions.plan import (
    Plan,
    as_this_version_reads_it,
    counts,
    new_plan,
    open_existing,
    plan_facts,
    save_copy,
)
from smarket_planner.services.actions.remedies import Remedy, remedy_for
from smarket_planner.services.actions.staffing import fill_open_role
from smarket_planner.services.actions.task_forces import add_member, advance, disperse, move_to, reform
from smarket_planner.services.actions.tracking import (
    add_dependency,
    record_check_in,
    remove_dependency,
    set_raci,
)
from smarket_planner.services.actions.transfer import (
    Copied,
    Upgrade,
    check_new_place,
    copy_plan,
    upgrade_plan,
)
from smarket_planner.services.actions.versions import FieldClash, compare_with_now
from smarket_planner.services.actions.watch import PlanWatch

__all__ = [
    "ChangeAction",
    "ChangeFeed",
    "ChangeNotice",
    "Copied",
    "FieldClash",
    "Outcome",
    "Plan",
    "PlanWatch",
    "Remedy",
    "Upgrade",
    "add",
    "add_dependency",
    "add_member",
    "advance",
    "as_this_version_reads_it",
    "check_new_place",
    "compare_with_now",
    "copy_name",
    "copy_plan",
    "counts",
    "create",
    "delete",
    "disperse",
    "duplicate",
    "fill_open_role",
    "find",
    "get",
    "move_to",
    "new_plan",
    "open_existing",
    "plan_facts",
    "record_check_in",
    "reform",
    "remedy_for",
    "remove_dependency",
    "save_copy",
    "set_raci",
    "undo",
    "update",
    "upgrade_plan",
    "what_goes_with",
]
