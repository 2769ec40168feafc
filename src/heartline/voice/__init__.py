"""Voice of the member."""
