"""Finding an enterprise by what a person remembers of it: its credit code, its name or a part of it, a part of its
address. The enterprise field of every form that names one (enterprises.fields) and the suggestions endpoint
(enterprises.views.suggest) both search only the queryset they are given: the user's scope, from
enterprises.permissions, and nothing else."""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When

from enterprises.models import Enterprise, EnterpriseStatus

# The rank of a match, best first: the text is the credit code or the whole name; the name begins with it; the name
# holds it; only the address or a part of the code holds it (or its words are spread over name and address).
EXACT, NAME_START, NAME_PART, ELSEWHERE = range(4)


@dataclass
class Found:
    """What a search found: `enterprise` when the text names exactly one, else up to `limit` candidates of `total`."""

    enterprise: Enterprise | None = None
    candidates: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self):
        return self.total - len(self.candidates)


def normalized(text):
    """Spaces around and between words are forgiven (a pasted code often carries some); control characters are
    dropped like spaces: no name holds one, and PostgreSQL refuses a NUL in a query."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in str(text or ""))
    return " ".join(text.split())


def matching(queryset, text):
    """The enterprises of `queryset` each word of whose text appears in the name, the address or the credit code,
    the closest first; an operating enterprise before a closed one of the same rank."""
    text = normalized(text)
    condition = Q()
    for word in text.split():
        condition &= Q(name__icontains=word) | Q(address__icontains=word) | Q(credit_code__contains=word.upper())
    rank = Case(
        When(credit_code=text.upper(), then=Value(EXACT)),
        When(name=text, then=Value(EXACT)),
        When(name__istartswith=text, then=Value(NAME_START)),
        When(name__icontains=text, then=Value(NAME_PART)),
        default=Value(ELSEWHERE),
        output_field=IntegerField(),
    )
    closed = Case(When(status=EnterpriseStatus.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        queryset.filter(condition)
        .annotate(match_rank=rank, closed_last=closed)
        .order_by("match_rank", "closed_last", "name", "pk")
    )


def candidates(queryset, text, *, limit):
    """The best `limit` matches and how many there are: one query, two when there are more than `limit`."""
    rows = list(matching(queryset, text).select_related("town")[: limit + 1])
    if len(rows) <= limit:
        return Found(candidates=rows, total=len(rows))
    return Found(candidates=rows[:limit], total=matching(queryset, text).count())


def search(queryset, text, *, limit):
    """One enterprise when the text names exactly one — its credit code, its whole name when no other has that name,
    or the only match — else the best `limit` candidates and how many there are."""
    found = candidates(queryset, text, limit=limit)
    exact = [e for e in found.candidates if e.match_rank == EXACT]
    if len(exact) == 1:
        return Found(enterprise=exact[0])
    if found.total == 1:
        return Found(enterprise=found.candidates[0])
    return found
