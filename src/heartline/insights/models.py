"""Insights' app-database rows (segments, model cards, action outcomes, campaigns) live here."""
