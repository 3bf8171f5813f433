"""Plans to try the app on: the Northwind demo and synthetic plans at any scale."""
