"""Shared goals and KPIs: the Goals tab, its tree, KPI charts, check-ins and their dialogs."""
