from django.apps import AppConfig


def assignment_ended(before, after):
    """The audit trail's word for an assignment whose end date was just set: the term ended, on that day. `before`
    is None for an assignment made without history (a migration, the demo seed): its first record is the end."""
    if after.end_date is not None and (before is None or before.end_date is None):
        return f"任期结束：{after.end_date:%Y-%m-%d}"
    return None


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = "网格化监管"

    def ready(self):
        from bureau.audit_labels import register_event
        from grids.figures import register_figures

        register_figures()  # bureau.figures: the figures this app owns
        register_event("grids.gridassignment", assignment_ended)
