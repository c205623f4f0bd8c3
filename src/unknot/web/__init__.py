"""The browser face: a FastAPI app with Jinja2 pages, small vanilla JS, and a JSON API."""
