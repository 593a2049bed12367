"""Signals of the grid app, for the apps above it."""

from django.dispatch import Signal

# Sent after load_grid has created or changed cells in bulk (bulk writes send no post_save).
cells_loaded = Signal()

# Sent by grid_cell_save after a cell moved in the tree (its subtree re-rooted with one UPDATE): `cell` is the cell,
# now at its new place. Apps that keep something derived from a cell's place (an enterprise's town) update it.
cells_moved = Signal()
