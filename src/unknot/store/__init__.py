"""Persistence: SQLAlchemy tables, repositories that map rows to core objects, migrations."""
