from django.urls import path

from bureau.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("draws/<int:pk>/", views.draw, name="draw"),
    path("draws/<int:pk>/directory/", views.directory, name="directory"),
    path("draws/<int:pk>/record.json", views.record, name="record"),
    path("verify_draw.py", views.verify_script, name="verify_script"),
    path("penalties/", views.penalties, name="penalties"),
    path("dishonest/", views.dishonest, name="dishonest"),
]
