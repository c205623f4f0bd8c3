"""Insights (F8): what the journal says about pain, sessions, SPADI and habits."""
