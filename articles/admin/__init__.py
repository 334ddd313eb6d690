"""The articles app's admin, one module per area; importing them registers their admins."""

from . import (  # noqa: F401
    article,
    authors,
    events,
    imports,
    mentions,
    photos,
    reports,
    revisions,
    taxonomy,
    workflow,
)
