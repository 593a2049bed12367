from django.contrib import admin

from bureau.accounts.admin import PortalUserAdmin
from enterprises.models import Enterprise, EnterpriseMembership


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "grid_cell"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["grid_cell"]


class EnterpriseMembershipInline(admin.StackedInline):
    model = EnterpriseMembership
    can_delete = False
    autocomplete_fields = ["enterprise"]


# The user's page keeps its 所属企业 beside the profile; accounts cannot name enterprises, so the inline is added here.
PortalUserAdmin.inlines = [*PortalUserAdmin.inlines, EnterpriseMembershipInline]
