"""Gap-free numbering of official papers (执法文书, 通报): `<prefix>〔<year>〕<n>号`.

One rule for every numbered paper: the next number comes from a sequence row locked inside the issuing
transaction, so concurrent issuers queue, and a rolled-back issue gives its number back — no repeats, no gaps.
"""

from django.db import IntegrityError, transaction


def format_number(prefix, year, sequence):
    return f"{prefix}〔{year}〕{sequence}号"


def take_next(sequence_model, **key):
    """The next value of the sequence row selected by `key` (created at 0 when missing). Must run inside the
    issuing transaction: the row stays locked until it commits."""
    try:
        with transaction.atomic():
            sequence_model.objects.get_or_create(**key)
    except IntegrityError:
        pass  # another issuer created the row at the same moment; lock it below
    sequence = sequence_model.objects.select_for_update().get(**key)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number
