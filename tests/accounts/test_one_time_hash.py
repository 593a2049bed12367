"""One-time passwords are hashed cheaply (they are long and random) and re-hashed at full cost at sign-in."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, get_hasher
from django.urls import reverse

from bureau.accounts.passwords import ONE_TIME_ITERATIONS, one_time_hash, one_time_password

PBKDF2 = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def test_a_one_time_hash_uses_fewer_pbkdf2_iterations_and_still_checks(settings):
    settings.PASSWORD_HASHERS = PBKDF2
    password = one_time_password()
    encoded = one_time_hash(password)
    algorithm, iterations, _salt, _hash = encoded.split("$")
    assert algorithm == "pbkdf2_sha256" and int(iterations) == ONE_TIME_ITERATIONS
    assert get_hasher().iterations > ONE_TIME_ITERATIONS
    assert check_password(password, encoded) and not check_password(password + "x", encoded)


def test_signing_in_with_it_rehashes_at_full_cost(settings, db, client):
    settings.PASSWORD_HASHERS = PBKDF2
    password = one_time_password()
    user = get_user_model().objects.create(username="91330381MA2J0001X1", password=one_time_hash(password))
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert int(user.password.split("$")[1]) == get_hasher().iterations


def test_another_configured_hasher_is_used_as_configured(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    encoded = one_time_hash("Bc3#dfghjkmn")
    assert encoded.startswith("md5$") and check_password("Bc3#dfghjkmn", encoded)
