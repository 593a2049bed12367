"""Signals of the grid app, for the apps above it."""

from django.dispatch import Signal

# Sent after load_grid has created or changed cells in bulk (bulk writes send no post_save).
cells_loaded = Signal()
