from django.urls import path

from enterprises.users import letters, views

app_name = "users"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_create, name="create"),
    path("<int:pk>/edit/", views.user_edit, name="edit"),
    path("<int:pk>/deactivate/", views.user_deactivate_view, name="deactivate"),
    path("issue/", letters.issue, name="issue"),
    path("enterprise/<int:pk>/reset/", letters.reset, name="reset"),
]
