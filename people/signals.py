"""Signals other apps listen to, so that `people` never has to import them.

A merge moves the rows of `people` itself; an app whose models point at officials or units
(articles: mentions, events) moves its own rows when it receives these.
"""

from django.dispatch import Signal

# Sent inside the merge's transaction with source= (about to be deleted) and target=.
officials_merged = Signal()
units_merged = Signal()
# Sent before a merge deletes `source`, a position that `target` (the same title in the same
# unit) absorbs: what points at the position (the articles that show it) moves to target.
positions_merged = Signal()
