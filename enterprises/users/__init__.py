"""Accounts without /admin/ (/accounts/users/): staff and admins manage users with their enterprise and cells, issue
enterprise accounts in bulk with printed letters, and reset an enterprise's password from its dossier.

Here, not in bureau.accounts: an account is composed of a user (accounts), an enterprise membership (enterprises)
and grid assignments (grids), and only a layer above all three may name them together."""
