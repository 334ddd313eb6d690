"""Rule-based recognition of officials, units and events in Vietnamese police news.

Pure Python (no Django, no database). The rules read their word lists from ``data/*.json``.
"""

from .model import (
    EVENT_KINDS,
    UNIT_KINDS,
    FoundEvent,
    FoundOfficial,
    FoundTitle,
    FoundUnit,
    Recognition,
)
from .recognise import recognise

__all__ = [
    "EVENT_KINDS",
    "UNIT_KINDS",
    "FoundEvent",
    "FoundOfficial",
    "FoundTitle",
    "FoundUnit",
    "Recognition",
    "recognise",
]
