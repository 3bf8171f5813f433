"""The window itself: the app, the main window and its actions, the workspace of tabs, the portfolio
page, welcome, presentation mode, settings and the smoke tour."""
