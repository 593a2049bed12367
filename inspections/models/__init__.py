from inspections.models.campaigns import Campaign, CampaignTarget
from inspections.models.cases import Case, CaseEvent
from inspections.models.documents import Document, DocumentKind, DocumentSequence, NumberingPrefix
from inspections.models.inspections import ChecklistItem, Expert, Inspection, InspectionCheck, InspectionKind, Talk

__all__ = [
    "Campaign",
    "CampaignTarget",
    "Case",
    "CaseEvent",
    "ChecklistItem",
    "Document",
    "DocumentKind",
    "DocumentSequence",
    "Expert",
    "Inspection",
    "InspectionCheck",
    "InspectionKind",
    "NumberingPrefix",
    "Talk",
]
