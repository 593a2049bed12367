from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self):
        from bureau.accounts.audit_links import register_visible
        from enterprises.extensions import register_dossier_section
        from grids.extensions import register_cell_panel
        from hazards.figures import register_figures
        from hazards.listing import visible_listings
        from hazards.listing_figures import register_figures as register_listing_figures
        from hazards.listing_models import MajorHazardListing
        from hazards.models import Hazard
        from hazards.panels import dossier_section, grid_panel
        from hazards.permissions import visible_hazards

        register_dossier_section("hazards/_dossier_section.html", dossier_section, order=10)
        register_cell_panel("hazards/_grid_panel.html", grid_panel)
        register_visible(Hazard, visible_hazards)
        register_visible(MajorHazardListing, visible_listings)
        register_figures()  # bureau.figures: the figures this app owns
        register_listing_figures()
