"""Signals other apps listen to, so that `people` never has to import them.

A merge moves the rows of `people` itself; an app whose models point at officials or units
(articles: mentions, events) moves its own rows when it receives these.
"""

from django.dispatch import Signal

# Sent inside the merge's transaction with source= (about to be deleted) and target=.
officials_merged = Signal()
units_merged = Signal()
