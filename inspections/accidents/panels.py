"""The accidents section of an enterprise's dossier (一企一档), registered from inspections/apps.py: the enterprise's
accidents as the dossier's viewer may see them. Follow-ups name people and are the bureau's: not shown here."""

from inspections.accidents import permissions


def dossier_section(request, enterprise):
    if not permissions.can_see_accidents(request.user):
        return None
    accidents = list(
        permissions.visible_accidents(request.user).filter(enterprise=enterprise).order_by("-occurred_at", "-pk")
    )
    return {"accidents": accidents} if accidents else None
