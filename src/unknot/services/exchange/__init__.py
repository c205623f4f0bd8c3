"""Data that travels (F11): export, import and backup, in JSON, CSV and FHIR."""
