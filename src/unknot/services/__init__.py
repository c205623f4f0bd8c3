"""Use cases: load, call the core, save. Services own the transactions."""
