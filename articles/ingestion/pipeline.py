"""decode -> parse -> recognise, the pure half of ingestion (no Django models, no database).

parse_source prints what this returns; the import service saves it.
"""

from __future__ import annotations

from articles.ingestion.decode import decode_bytes
from articles.ingestion.parser import ParsedPage, parse_decoded


def analyse_text(text: str, *, filename: str | None = None) -> ParsedPage:
    """Parse decoded text and fill the page's officials, units and events."""
    page = parse_decoded(text, filename=filename)
    recognise_page(page)
    return page


def analyse_bytes(data: bytes, *, filename: str | None = None) -> ParsedPage:
    return analyse_text(decode_bytes(data), filename=filename)


def recognise_page(page: ParsedPage) -> None:
    """Seam for the recogniser of officials, units and events (articles.recognition)."""
