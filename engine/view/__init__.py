"""The read models: the SQL of the views kept beside the events (the pure policy is in
outreach.projections)."""
