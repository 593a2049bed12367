from django.urls import path

from inspections.planning import publication_views, roster_views, views

app_name = "draws"

urlpatterns = [
    path("", views.DrawListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/run/", views.run, name="run"),
    path("<int:pk>/record.json", views.record, name="record"),
    path("<int:pk>/publish/", publication_views.publish, name="publish"),
    path("roster/", roster_views.roster, name="roster"),
    path("roster/<int:user_id>/edit/", roster_views.roster_edit, name="roster_edit"),
    path("roster/<int:user_id>/conflicts/", roster_views.conflict_declare, name="conflict_declare"),
]
