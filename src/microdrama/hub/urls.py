"""URL map: one include per centre, the API under /api/v1/, admin, auth and i18n."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from microdrama.filing.views import admin_pages as filing_public

from . import uploads, views
from .api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("uploads/", uploads.create, name="upload_create"),
    path("uploads/<uuid:upload_id>", uploads.resource, name="upload"),
    path("accounts/", include("microdrama.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("filing/", include("microdrama.filing.urls")),
    path("verify/", filing_public.public_verify, name="verify"),
    path("rights/", include("microdrama.rights.urls")),
    path("monitoring/", include("microdrama.monitoring.urls")),
    path("enforcement/", include("microdrama.enforcement.urls")),
    path("locations/", include("microdrama.locations.urls")),
    path("talent/", include("microdrama.talent.urls")),
    path("studio/", include("microdrama.studio.urls")),
]

urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media, name="media"))
