"""The case volume (一事一册): the whole case as one A4 volume — cover, contents, each document in issue order with
its service records (送达回证) and evidence photos, and the timeline. The browser page and the PDF are one template.

Each document is printed by its own kind's template (SPECS[kind].template) in the bare frame, so a kind added to
SPECS appears in the volume without a change here."""

import base64
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from inspections.enforcement.document_views import print_context

BARE_FRAME = "inspections/documents/_frame_bare.html"


@dataclass
class VolumePart:
    """One entry of the contents: its anchor, its order number, its title and what it prints."""

    anchor: str
    title: str
    number: str = ""
    order: int = 0
    html: str = ""
    services: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    superseded: bool = False


def document_html(document):
    """The document's A4 article as its kind prints it, without the page around it."""
    return mark_safe(
        render_to_string(document.spec.template, {**print_context(document), "document_frame": BARE_FRAME})
    )


def evidence_photos(document):
    """[{"src", "caption"}] of the document's evidence photos, inlined as data: URLs so that the browser and the PDF
    show them without a second, signed-in request. Documents have photos only once an evidence photo model gives
    them `photos` (an `image` file and a `content_type`, like hazards.HazardPhoto); until then, none."""
    if not hasattr(document, "photos"):
        return []
    shown = []
    for photo in document.photos.all():
        image = getattr(photo, "image", None)
        if not image:
            continue
        with image.open("rb") as stream:
            data = base64.b64encode(stream.read()).decode("ascii")
        content_type = getattr(photo, "content_type", "") or "image/jpeg"
        caption = getattr(photo, "caption", "") or str(photo)
        shown.append({"src": f"data:{content_type};base64,{data}", "caption": caption})
    return shown


def volume_parts(case):
    """The volume's parts in order: each document (issue order) with its service records and photos, then the
    timeline. Order numbers run from 1 over the contents."""
    documents = (
        case.documents.select_related(
            "enterprise", "issued_by", "co_signer", "inspection", "case", "supersedes", "superseded_by"
        )
        .prefetch_related("services__recorded_by")
        .order_by("issued_at", "id")
    )
    parts = []
    for document in documents:
        parts.append(
            VolumePart(
                anchor=f"document-{document.pk}",
                title=document.get_kind_display(),
                number=document.number,
                html=document_html(document),
                services=list(document.services.all()),
                photos=evidence_photos(document),
                superseded=document.is_superseded,
            )
        )
    parts.append(VolumePart(anchor="timeline", title="办理记录"))
    for order, part in enumerate(parts, start=1):
        part.order = order
    return parts
