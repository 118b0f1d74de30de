from django.urls import path

from microdrama.hub.views import coming

app_name = "filing"

urlpatterns = [
    path("", coming("filing"), name="index"),
]
