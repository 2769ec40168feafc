"""Workforce planning: the interval table, forecasts, Erlang C/A staffing, scenarios and the intraday view."""
