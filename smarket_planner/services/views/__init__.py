"""The read models the screens use: each tab's rows, the navigator, the portfolio, the graphs."""
