"""Money as the bureau writes it."""

from decimal import Decimal


def ten_thousands(amount):
    """Yuan shown in 万元 as the seed writes it, without trailing zeros: 50000 → "5", 12500 → "1.25", None → "0".
    The fines list and the dashboard figure both print it, so the two read the same."""
    value = (Decimal(amount or 0) / 10000).normalize()
    return f"{value:f}"
