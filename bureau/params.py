"""Numbers from URLs and query strings, parsed strictly.

`str.isdigit()` and `int()` accept far more than 0-9: superscripts (`²`) pass isdigit() and then fail int() (a 500),
Arabic-Indic or full-width digits (`٣`, `３`) pass both and name some other object. A parameter here is ASCII
digits or nothing.
"""

# A bigint has 19 digits; 18 always fit, so a longer "id" is no id at all.
MAX_INT_DIGITS = 18


def ascii_digits(text):
    """Whether `text` is one or more of the ASCII digits 0-9 and nothing else."""
    return isinstance(text, str) and text.isascii() and text.isdigit()


def ascii_int(text, *, max_digits=MAX_INT_DIGITS):
    """`"42"` → 42; None for anything else: empty, signs, spaces, non-ASCII digits, more than `max_digits` digits."""
    if not ascii_digits(text) or len(text) > max_digits:
        return None
    return int(text)
