"""The SPADI form as published (``content/spadi.yaml``), read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from unknot.core.spadi import ITEMS
from unknot.errors import ContentError
from unknot.i18n import _

FORM_FILE = Path(__file__).parents[2] / "content" / "spadi.yaml"


@dataclass(frozen=True)
class SpadiScale:
    id: str
    question: str
    instruction: str
    low: str
    high: str
    items: tuple[tuple[str, str], ...]  # (item id, text as published)


@dataclass(frozen=True)
class SpadiForm:
    name: str
    attribution: str
    recall: str
    scales: tuple[SpadiScale, ...]

    def texts(self) -> dict[str, str]:
        return {item: text for scale in self.scales for item, text in scale.items}


@cache
def spadi_form() -> SpadiForm:
    import yaml

    data = yaml.safe_load(FORM_FILE.read_text(encoding="utf-8"))
    form = SpadiForm(
        name=str(data["name"]),
        attribution=" ".join(str(data["attribution"]).split()),
        recall=str(data["recall"]),
        scales=tuple(_scale(scale) for scale in data["scales"]),
    )
    found = tuple(item for scale in form.scales for item, _text in scale.items)
    if found != ITEMS:
        raise ContentError(
            _("{file}: the SPADI items are {found}, expected {expected}.").format(
                file=FORM_FILE.name, found=", ".join(found), expected=", ".join(ITEMS)
            )
        )
    return form


def _scale(data: dict[str, Any]) -> SpadiScale:
    return SpadiScale(
        id=str(data["id"]),
        question=str(data["question"]),
        instruction=str(data["instruction"]),
        low=str(data["low"]),
        high=str(data["high"]),
        items=tuple((str(item["id"]), str(item["text"])) for item in data["items"]),
    )
