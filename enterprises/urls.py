from django.urls import path

from enterprises import import_views, views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export.csv", views.export_list, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.export_list, {"fmt": "xlsx"}, name="export_xlsx"),
    path("new/", views.create, name="create"),
    path("import/", import_views.import_upload, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("due/", views.due, name="due"),
    path("suggest/", views.suggest, name="suggest"),
    path("sources/", views.source_register, name="sources"),
    path("intervals/", views.intervals, name="intervals"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/contact/", views.edit_contact, name="contact"),
    path("<int:pk>/grade/", views.change_grade, name="grade"),
    path("<int:pk>/sources/new/", views.source_form, name="source_create"),
    path("<int:pk>/sources/<int:source_pk>/", views.source_form, name="source_edit"),
]
