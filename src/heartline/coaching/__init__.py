"""Coaching sessions and follow-ups."""
