"""Heartline: member-services platform."""
