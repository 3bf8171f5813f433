"""Alignment analysis: graphs of the plan, findings a manager acts on, and health scores."""
