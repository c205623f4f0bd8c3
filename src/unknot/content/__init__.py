"""Built-in content: techniques, routines, screening, country numbers and stop rules as data."""
