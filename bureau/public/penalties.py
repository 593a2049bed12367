"""行政处罚信息公示: the bureau's penalty decisions as published.

Documents have no draft state: a Document exists once issued and is locked (inspections.enforcement.models), so
an issued penalty decision is published from its issue. A decision corrected by a later one (superseded) is not
shown: the correction replaces it. Natural persons are masked (bureau.public.masking)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from bureau.public.masking import is_individual, mask_name, mask_person
from inspections.enforcement.models import Document
from inspections.enforcement.specs import DocumentKind


def published_decisions():
    """Issued penalty decisions still in force as documents (not corrected by a later one), newest first.

    "Not corrected" is NOT EXISTS, not superseded_by__isnull: the latter's LEFT JOIN ... IS NULL, on PostgreSQL 15,
    hashed every document of every kind (a sequential scan, 106,429 at province scale) for each count and page;
    NOT EXISTS probes the unique supersedes index for the penalties read, the page's in (kind, issued_at) order."""
    corrected = Document.objects.filter(supersedes=OuterRef("pk"))
    return (
        Document.objects.filter(~Exists(corrected), kind=DocumentKind.PENALTY_DECISION)
        .select_related("enterprise__town")
        .order_by("-issued_at", "-pk")
    )


@dataclass(frozen=True)
class PublicDecision:
    number: str
    party: str
    credit_code: str
    representative: str  # 法定代表人, or the masked operator of a 个体工商户
    address: str
    violation: str
    legal_basis: str
    penalty: str
    fine_amount: Decimal | None
    decided_on: date


def public_decision(document):
    """One decision as the public page shows it, natural persons masked."""
    enterprise = document.enterprise
    individual = is_individual(enterprise)
    person = enterprise.legal_representative if individual else ""
    town = enterprise.town.name if enterprise.town_id else ""
    return PublicDecision(
        number=document.number,
        party=mask_person(enterprise.name, person),
        credit_code=enterprise.credit_code,
        representative=mask_name(person) if individual else enterprise.legal_representative,
        address=f"{town}（详细地址不公开）" if individual else enterprise.address,
        violation=mask_person(document.facts, person),
        legal_basis=mask_person(document.legal_basis, person),
        penalty=mask_person(document.requirements, person),
        fine_amount=document.fine_amount,
        decided_on=timezone.localdate(document.issued_at),
    )
