import pytest

from bureau.accounts.roles import Role
from tests.factories import make_user


@pytest.fixture
def as_user(client):
    """as_user(user) -> the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, username="admin_r")
