"""One-time passwords: issued with a new enterprise account or a reset, printed once, changed at first sign-in."""

import secrets

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
