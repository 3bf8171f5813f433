"""What the window's menus and toolbar need from the window: its pages and the commands they run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from smarket_planner.ui.app.settings import AppSettings
    from smarket_planner.ui.charter.charter_tab import CharterTab
    from smarket_planner.ui.kit.scheme import ColourScheme
    from smarket_planner.ui.kit.session import PlanSession

# The pages of the window's central stack.
WELCOME, WORKSPACE, PORTFOLIO = range(3)


class ActionTarget(Protocol):
    """The commands behind the window's menu items and toolbar buttons."""

    @property
    def settings(self) -> AppSettings:
        """Where the recent plans are kept."""
        ...

    @property
    def session(self) -> PlanSession | None:
        """The open plan with its undo history; None without a plan."""
        ...

    def shown_task_force(self) -> int | None:
        """The task force shown in the workspace, if any."""
        ...

    def complain(self, title: str, message: str) -> None:
        """Tell the user what could not be done and why."""
        ...

    def new_plan(self) -> None:
        """Ask where to put a new, empty plan and open it."""
        ...

    def open_dialog(self) -> None:
        """Ask for a plan file and open it."""
        ...

    def open_shared_dialog(self) -> None:
        """Ask where a shared plan is and open it."""
        ...

    def open_demo(self) -> None:
        """Open the demo plan."""
        ...

    def open_plan(self, location: str, password: str | None = None) -> bool:
        """Open a plan file (or database URL), saying whether that worked."""
        ...

    def save_copy(self) -> None:
        """Write a copy of the plan under another name."""
        ...

    def close_plan(self) -> None:
        """Close the plan and go back to the welcome view."""
        ...

    def charter_tab(self, bring_to_front: bool) -> CharterTab | None:
        """The open plan's Charter tab, shown first when asked; None without a plan."""
        ...

    def export_graph(self) -> None:
        """Save the graph shown as a picture or for another tool."""
        ...

    def new_task_force(self) -> None:
        """Form a new task force."""
        ...

    def duplicate_task_force(self) -> None:
        """Copy the task force shown under a new name."""
        ...

    def delete_task_force(self) -> None:
        """Delete the task force shown, after asking."""
        ...

    def save_as_template(self) -> None:
        """Save the task force shown as a template of the user's own."""
        ...

    def review_shown_task_force(self) -> None:
        """Open the review of the task force shown: its scorecard, work, lessons, credits and questions."""
        ...

    def find_task_force(self) -> None:
        """Jump to the navigator's search field."""
        ...

    def show_view(self, page: int) -> None:
        """Show the task-force workspace or the portfolio."""
        ...

    def toggle_presentation(self) -> None:
        """Switch presentation mode on or off."""
        ...

    def show_navigator(self, visible: bool) -> None:
        """Show or hide the task-force navigator."""
        ...

    def choose_colour_scheme(self, scheme: ColourScheme) -> None:
        """Show the app light, dark, or as the system does, and remember the choice."""
        ...
