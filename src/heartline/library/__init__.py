"""The practice library."""
