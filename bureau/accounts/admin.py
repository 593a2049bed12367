from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from bureau.accounts.models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "is_active", "last_login"]
    list_filter = ["groups", "is_active"]


admin.site.site_header = "安全监管综合平台 · 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "系统管理"
