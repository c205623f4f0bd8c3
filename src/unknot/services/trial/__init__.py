"""Personal trials (issue 8): plan, run day by day, read a trial file, report."""
