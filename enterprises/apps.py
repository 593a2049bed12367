from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = "生产经营单位"

    def ready(self):
        from bureau.accounts.audit_links import register_visible
        from enterprises import registry_cache
        from enterprises.extensions import register_dossier_section
        from enterprises.figures import register_figures
        from enterprises.grid_panels import enterprise_counts, enterprises_by_grade_panel
        from enterprises.models import Enterprise
        from enterprises.permissions import visible_enterprises
        from enterprises.services import enterprises_follow_moved_cell
        from enterprises.users.dossier import accounts_section
        from grids.extensions import register_cell_panel, register_subtree_column
        from grids.signals import cells_moved

        register_subtree_column("企业数", enterprise_counts)
        register_cell_panel("enterprises/_grid_panel.html", enterprises_by_grade_panel)
        registry_cache.connect_signals()
        register_visible(Enterprise, visible_enterprises)
        cells_moved.connect(enterprises_follow_moved_cell, dispatch_uid="enterprises-follow-moved-cell")
        register_dossier_section("users/_dossier_accounts.html", accounts_section, order=900)
        register_figures()  # bureau.figures: the figures this app owns
