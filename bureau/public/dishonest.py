"""安全生产严重失信主体名单公示: the entries published and in term today. An entry leaves the page the day after its
term ends or the day it is removed early after credit repair; one decided without publication never shows.
Natural persons are masked as on the penalties page (bureau.public.masking)."""

from dataclasses import dataclass
from datetime import date

from bureau.public.masking import is_individual, mask_name, mask_person
from inspections.enforcement.dishonest_models import DishonestListing


def published_listings(today=None):
    return DishonestListing.objects.public(today).select_related("enterprise__town").order_by("-starts_on", "-pk")


@dataclass(frozen=True)
class PublicListing:
    party: str
    credit_code: str
    representative: str
    condition: str
    facts: str
    starts_on: date
    ends_on: date


def public_listing(listing):
    """One entry as the public page shows it, natural persons masked."""
    enterprise = listing.enterprise
    individual = is_individual(enterprise)
    person = enterprise.legal_representative if individual else ""
    return PublicListing(
        party=mask_person(enterprise.name, person),
        credit_code=enterprise.credit_code,
        representative=mask_name(person) if individual else enterprise.legal_representative,
        condition=listing.get_condition_display(),
        facts=mask_person(listing.facts, person),
        starts_on=listing.starts_on,
        ends_on=listing.ends_on,
    )
