from django.urls import path

from microdrama.hub.views import coming

app_name = "locations"

urlpatterns = [
    path("", coming("locations"), name="index"),
]
