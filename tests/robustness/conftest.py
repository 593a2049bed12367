import pytest


@pytest.fixture
def as_user(client):
    """as_user(user) -> the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
