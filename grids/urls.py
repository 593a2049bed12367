from django.urls import path, register_converter

from grids import views

app_name = "grids"


class GridCodeConverter:
    """A grid code in a URL: ASCII letters and digits, at most as long as the field. Anything else (NUL, which
    PostgreSQL refuses in a query, other control characters, unicode digits) does not match: a 404."""

    regex = r"[0-9A-Za-z]{1,32}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(GridCodeConverter, "grid_code")

urlpatterns = [
    path("", views.tree, name="tree"),
    path("unassigned/", views.unassigned, name="unassigned"),
    path("<grid_code:code>/", views.detail, name="detail"),
    path("<grid_code:code>/assign/", views.assign, name="assign"),
    path("<grid_code:code>/assignments/<int:pk>/end/", views.end_assignment, name="end_assignment"),
]
