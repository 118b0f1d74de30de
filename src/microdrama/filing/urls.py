from django.urls import path

from .views import admin_pages, applications, dramas, review

app_name = "filing"

urlpatterns = [
    path("", dramas.index, name="index"),
    path("dramas/new/", dramas.drama_create, name="drama_create"),
    path("dramas/<int:pk>/", dramas.drama_detail, name="drama"),
    path("dramas/<int:pk>/edit/", dramas.drama_edit, name="drama_edit"),
    path("dramas/<int:pk>/attachments/", dramas.attachment_upload, name="attachment_upload"),
    path("dramas/<int:pk>/attachments/<int:attachment_id>/", dramas.attachment_download, name="attachment"),
    path("dramas/<int:pk>/messages/", dramas.message_post, name="message_post"),
    path("dramas/<int:pk>/messages/<int:message_id>/attachment/", dramas.message_attachment, name="message_attachment"),
    path("dramas/<int:pk>/reassign/", dramas.reassign, name="reassign"),
    path("dramas/<int:pk>/apply/<str:stage>/", dramas.start_application, name="apply"),
    path("applications/<int:pk>/act/<str:action>/", applications.act, name="act"),
    path("applications/<int:pk>/episodes/", applications.episodes, name="episodes"),
    path("applications/<int:pk>/episodes/<int:episode_id>/status/", applications.episode_status, name="episode_status"),
    path("applications/<int:pk>/episodes/<int:episode_id>/report/", applications.episode_report, name="episode_report"),
    path("applications/<int:pk>/episodes/<int:episode_id>/video/", applications.episode_video, name="episode_video"),
    path("applications/<int:pk>/episodes/<int:episode_id>/delete/", applications.episode_delete, name="episode_delete"),
    path("applications/<int:pk>/review/", review.workspace, name="review"),
    path("applications/<int:pk>/review/opinions/", review.add_opinion, name="add_opinion"),
    path("applications/<int:pk>/review/opinions/<int:opinion_id>/", review.edit_opinion, name="edit_opinion"),
    path("applications/<int:pk>/review/watch/<int:episode_id>/", review.watch, name="watch"),
    path("applications/<int:pk>/review/checklist/", review.checklist, name="checklist"),
    path("applications/<int:pk>/review/verdict/", review.verdict, name="verdict"),
    path("calendar/", admin_pages.calendar_view, name="calendar"),
    path("rules/", admin_pages.rules_view, name="rules"),
    path("stats/", admin_pages.stats_view, name="stats"),
]
