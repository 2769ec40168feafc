"""Insights: member features, segments, risk models, next-best-actions and campaigns (issue 18)."""
