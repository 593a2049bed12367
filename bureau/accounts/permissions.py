"""Who may manage accounts and read the audit trail: the one place the accounts services and views ask."""

from bureau.roles import Role, role_of


def can_manage_users(user):
    """Creating, editing and deactivating accounts, issuing and resetting passwords: admins and bureau staff."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_manage_user(manager, user):
    """Whether `manager` may change `user`'s account: staff manage everyone but admins (no one below an admin changes
    an admin's account or password)."""
    return can_manage_users(manager) and (role_of(manager) == Role.ADMIN or role_of(user) != Role.ADMIN)


def can_grant(manager, role):
    """Whether `manager` may give a user `role`: only an admin makes an admin."""
    return can_manage_users(manager) and (role_of(manager) == Role.ADMIN or role != Role.ADMIN)


def can_see_audit(user):
    """The audit trail of every change: admins only."""
    return role_of(user) == Role.ADMIN
