"""The browser player (issue 6): its page, its API, its offline files (work in progress)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
