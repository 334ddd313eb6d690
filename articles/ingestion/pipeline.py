"""decode -> parse -> recognise, the pure half of ingestion (no Django models, no database).

parse_source prints what this returns; the import service runs the same steps and saves them.
"""

from __future__ import annotations

import datetime as dt

from articles.ingestion.decode import decode_bytes
from articles.ingestion.parser import ParsedPage, parse_decoded
from articles.recognition import recognise


def analyse_text(text: str, *, filename: str | None = None) -> ParsedPage:
    """Parse decoded text and fill the page's officials, units and events."""
    page = parse_decoded(text, filename=filename)
    recognise_page(page)
    return page


def analyse_bytes(data: bytes, *, filename: str | None = None) -> ParsedPage:
    return analyse_text(decode_bytes(data), filename=filename)


def recognise_page(
    page: ParsedPage,
    *,
    published_date: dt.date | None = None,
    site_province: str | None = None,
) -> None:
    """Fill page.officials, page.units and page.events from its text.

    `published_date` overrides the page's own date when an editor supplied it (the seed
    manifest): events take their year from it.
    """
    found = recognise(
        # A provisional title is the lead again: reading it twice would double the evidence.
        title=None if page.title_is_provisional else page.title,
        lead=page.lead,
        paragraphs=page.paragraphs,
        captions=page.captions,
        published_date=published_date or page.published_date,
        site_province=site_province,
    )
    page.officials, page.units, page.events = found.officials, found.units, found.events
    page.warnings.extend(found.warnings)
