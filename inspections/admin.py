"""Django admin for inspections: for now the 双随机 roster and draws (inspections.planning.admin)."""

from inspections.planning import admin as planning

__all__ = ["planning"]
