"""Values and behaviors."""
