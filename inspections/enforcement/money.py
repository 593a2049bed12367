"""TEMPORARY until listsa lands."""

from decimal import Decimal


def ten_thousands(amount):
    value = (Decimal(amount or 0) / 10000).normalize()
    return f"{value:f}"
