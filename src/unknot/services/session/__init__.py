"""Guided sessions: recorded step by step in the terminal, or uploaded by the browser."""
