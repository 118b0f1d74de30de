from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.index, name="index"),
    path("works/new/", views.work_create, name="work_create"),
    path("works/<int:pk>/", views.work_detail, name="work"),
    path("episodes/<int:pk>/status/", views.episode_status, name="episode_status"),
    path("episodes/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate"),
    path("episodes/<int:pk>/copies/", views.issue_copy, name="issue_copy"),
    path("certificates/<uuid:code>/", views.certificate_public, name="certificate_public"),
    path("copies/", views.copies, name="copies"),
    path("copies/<int:pk>/download/", views.copy_download, name="copy_download"),
    path("trace/", views.trace, name="trace"),
    path("log/", views.evidence_log, name="log"),
]
