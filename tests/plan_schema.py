"""The published plan schema (docs/plan.schema.json), checked once and reused.

``jsonschema.validate`` checks the schema itself and builds a new validator on every call
(about 50 ms); a property test validating hundreds of plans spent nearly all its time there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

PLAN_SCHEMA: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "docs" / "plan.schema.json").read_text()
)
_VALIDATOR_CLASS: Any = jsonschema.validators.validator_for(PLAN_SCHEMA)
_VALIDATOR_CLASS.check_schema(PLAN_SCHEMA)
_VALIDATOR = _VALIDATOR_CLASS(PLAN_SCHEMA)  # as jsonschema.validate: formats not asserted


def validate_plan(document: object) -> None:
    """Raise jsonschema's ValidationError (the best match) when ``document`` breaks the schema."""
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(document))
    if error is not None:
        raise error
