"""One-time passwords: issued with a new enterprise account or a reset, printed once, changed at first sign-in."""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher

# No vowels (no word, so never the portal's name nor a username) and no look-alikes (0/O, 1/l/I): read off paper.
LOWER = "bcdfghjkmnpqrstvwxyz"
UPPER = "BCDFGHJKLMNPQRSTVWXYZ"
DIGITS = "23456789"
SYMBOLS = "#%+=?"
LENGTH = 12


def one_time_password():
    """12 random characters with each of lowercase, uppercase, digit and symbol: they meet the password rules
    (bureau.accounts.validators) by construction, so issuing never checks (a check reads the user's history)."""
    classes = [LOWER, UPPER, DIGITS, SYMBOLS]
    alphabet = "".join(classes)
    while True:
        chars = [secrets.choice(group) for group in classes]
        chars += [secrets.choice(alphabet) for _ in range(LENGTH - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        # The repetition rule wants 5 different characters and no repeated piece: redraw the rare miss.
        if len(set(password)) >= 5 and not any(password[p:] == password[:-p] for p in range(1, LENGTH // 2 + 1)):
            return password


# A one-time password is 12 characters drawn from 54 (about 69 bits): guessing it is hopeless whatever the
# hash costs, so its hash needs far fewer PBKDF2 iterations than a chosen password's (Django's 1,000,000 protect
# a guessable one). 20,000 take ~4.5 ms instead of ~0.24 s, so a whole town's accounts are issued in one press.
# Django reads the count from the stored hash when it checks, and re-hashes with the full count at sign-in
# (the password is changed at the first sign-in anyway).
ONE_TIME_ITERATIONS = 20_000


def one_time_hash(password):
    """The stored hash of a one-time password: the configured hasher, with fewer iterations when it is PBKDF2."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=min(ONE_TIME_ITERATIONS, hasher.iterations))
    return hasher.encode(password, hasher.salt())
