"""Who may manage accounts and read the audit trail: the one place the accounts services and views ask."""

from bureau.roles import Role, role_of


def can_manage_users(user):
    """Creating accounts (users and enterprise accounts): admins only."""
    return role_of(user) == Role.ADMIN


def can_see_audit(user):
    """The audit trail of every change: admins only."""
    return role_of(user) == Role.ADMIN
