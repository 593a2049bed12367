from django.contrib import admin

from grids.models import GridAssignment, GridCell
from grids.services import grid_cell_save


@admin.register(GridCell)
class GridCellAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        # Moving a cell re-roots its subtree: that is the service's job, not save()'s.
        grid_cell_save(cell=obj, actor=request.user)


@admin.register(GridAssignment)
class GridAssignmentAdmin(admin.ModelAdmin):
    list_display = ["cell", "user", "capacity", "start_date", "end_date"]
    list_filter = ["capacity"]
    search_fields = ["cell__name", "cell__code", "user__username", "user__first_name"]
    raw_id_fields = ["cell", "user", "assigned_by"]
