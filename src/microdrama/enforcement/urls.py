from django.urls import path

from .views import cases, dashboard, notices, platforms

app_name = "enforcement"

urlpatterns = [
    path("", cases.index, name="index"),
    path("cases/<int:pk>/", cases.detail, name="case"),
    path("cases/<int:pk>/<str:action>/", cases.act, name="act"),
    path("cases/<int:pk>/recheck", cases.recheck_now, name="recheck"),
    path("cases/<int:pk>/evidence.zip", cases.evidence_zip, name="evidence_zip"),
    path("cases/<int:pk>/suspect", cases.suspect_video, name="suspect_video"),
    path("cases/<int:pk>/evidence/<int:item_id>/<str:side>.jpg", cases.evidence_image, name="evidence_image"),
    path("notices/", notices.inbox, name="notices"),
    path("notices/<int:pk>/", notices.detail, name="notice"),
    path("notices/<int:pk>/letter.pdf", notices.letter_pdf, name="letter"),
    path("notices/<int:pk>/<str:how>", notices.answer, name="answer"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("platforms/", platforms.platforms, name="platforms"),
    path("platforms/<int:org_id>/", platforms.platform_edit, name="platform_edit"),
]
