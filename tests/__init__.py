"""Heartline's test suite: mirrors src/heartline/; e2e/ holds the browser tests, support/ the harness."""
