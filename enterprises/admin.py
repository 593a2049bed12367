from django.contrib import admin

from enterprises.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "grid_cell"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["grid_cell"]
