"""The roster is kept in the admin; draws are shown there read-only (they are append-only: see models)."""

from django.contrib import admin

from inspections.planning.models import Draw, DrawnEnterprise, DrawRun, OfficerConflict, OfficerCredential


@admin.register(OfficerCredential)
class OfficerCredentialAdmin(admin.ModelAdmin):
    list_display = ["certificate_number", "user", "on_leave"]
    list_filter = ["on_leave"]
    search_fields = ["certificate_number", "user__username", "user__first_name"]
    raw_id_fields = ["user"]


@admin.register(OfficerConflict)
class OfficerConflictAdmin(admin.ModelAdmin):
    list_display = ["officer", "enterprise", "reason", "declared_on"]
    search_fields = ["officer__username", "officer__first_name", "enterprise__name", "enterprise__credit_code"]
    raw_id_fields = ["officer", "enterprise"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Draw)
class DrawAdmin(ReadOnly):
    list_display = ["pk", "title", "year", "month", "seed_hash", "prepared_by", "prepared_at"]
    # The seed is not shown here: before the draw runs only its hash may be known (the draw's page reveals it).
    exclude = ["seed", "pool_codes", "pool_ids", "roster"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*self.exclude)


@admin.register(DrawRun)
class DrawRunAdmin(ReadOnly):
    list_display = ["draw_id", "run_by", "run_at"]


@admin.register(DrawnEnterprise)
class DrawnEnterpriseAdmin(ReadOnly):
    list_display = ["draw_id", "position", "credit_code", "certificate_1", "certificate_2"]
