from django.urls import path

from inspections.enforcement import dishonest_views

app_name = "dishonest"

urlpatterns = [
    path("", dishonest_views.DishonestListView.as_view(), name="list"),
    path("new/<int:case_pk>/", dishonest_views.propose, name="propose"),
    path("<int:pk>/", dishonest_views.detail, name="detail"),
    path("<int:pk>/notify/", dishonest_views.notify, name="notify"),
    path("<int:pk>/answer/", dishonest_views.answer, name="answer"),
    path("<int:pk>/decide/", dishonest_views.decide, name="decide"),
    path("<int:pk>/publish/", dishonest_views.publish, name="publish"),
    path("<int:pk>/repair/", dishonest_views.repair, name="repair"),
    path("<int:pk>/remove/", dishonest_views.remove, name="remove"),
]
