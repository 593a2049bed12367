"""The app's models live in modules by topic; importing them here registers them with Django under the app label
`hazards` (tables, migrations and history unchanged) and keeps `from hazards.models import Hazard` working. The order
of the imports is the order the models register in."""

from hazards.choices import (
    OPEN_STATUSES,
    SUBCATEGORIES,
    Category,
    HazardAction,
    HazardLevel,
    HazardOrigin,
    HazardStatus,
    Subcategory,
    Suspension,
)
from hazards.count_models import HazardCount, HazardDeadlineCount, MajorHazardCount, MajorHazardDayCount
from hazards.criteria_models import MajorHazardCriterion
from hazards.hazard_models import MAJOR_PLAN_FIELDS, Hazard, HazardQuerySet, overdue_q
from hazards.rectification_models import DeadlineExtension, HazardEvent, HazardPhoto, photo_path
from hazards.self_check_models import QuarterlyStatistics, SelfCheck

# isort: split
# Modules registered by importing them, after the hazards' own models: listed supervision of major hazards.
from hazards import listing_models as listing_models

__all__ = [
    "MAJOR_PLAN_FIELDS",
    "OPEN_STATUSES",
    "SUBCATEGORIES",
    "Category",
    "DeadlineExtension",
    "Hazard",
    "HazardAction",
    "HazardCount",
    "HazardDeadlineCount",
    "HazardEvent",
    "HazardLevel",
    "HazardOrigin",
    "HazardPhoto",
    "HazardQuerySet",
    "HazardStatus",
    "MajorHazardCount",
    "MajorHazardDayCount",
    "MajorHazardCriterion",
    "QuarterlyStatistics",
    "SelfCheck",
    "Subcategory",
    "Suspension",
    "overdue_q",
    "photo_path",
]
