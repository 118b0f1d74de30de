from django.urls import path

from microdrama.hub.views import coming

app_name = "studio"

urlpatterns = [
    path("", coming("studio"), name="index"),
]
