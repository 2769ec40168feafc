"""The workforce app's own records (staffing plans, the planner's event calendar)."""
