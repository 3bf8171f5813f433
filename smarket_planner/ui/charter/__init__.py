"""The Charter tab: the charter's preview and its export to PDF."""
