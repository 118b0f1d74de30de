from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/run", views.source_run, name="source_run"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
]
