from django.urls import path

from .views import editors, links, media, projects

app_name = "studio"

urlpatterns = [
    path("", projects.index, name="index"),
    path("new/", projects.new, name="new"),
    path("<int:pk>/", projects.detail, name="project"),
    path("<int:pk>/jobs/", projects.jobs_panel, name="jobs"),
    path("<int:pk>/jobs/start/", projects.start_job, name="start_job"),
    path("<int:pk>/jobs/<int:job_id>/retry/", projects.retry_job, name="retry_job"),
    path("<int:pk>/bible/", editors.bible, name="bible"),
    path("<int:pk>/scripts/", editors.scripts, name="scripts"),
    path("<int:pk>/storyboard/", editors.storyboard, name="storyboard"),
    path("<int:pk>/shots/<int:episode>/<int:number>/", editors.shot, name="shot"),
    path("<int:pk>/json/<str:stage>/", editors.json_editor, name="json"),
    path("<int:pk>/characters/", media.characters, name="characters"),
    path("<int:pk>/screening/", media.screening, name="screening"),
    path("<int:pk>/export/", media.exports, name="export"),
    path("<int:pk>/files/<path:path>", media.project_file, name="file"),
    path("<int:pk>/send-to-filing/", links.send_to_filing, name="send_to_filing"),
    path("<int:pk>/plan-shooting/", links.plan_shooting, name="plan_shooting"),
    path("<int:pk>/cast-roles/", links.cast_roles, name="cast_roles"),
]
