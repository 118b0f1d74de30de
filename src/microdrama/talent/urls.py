from django.urls import path

from microdrama.hub.views import coming

app_name = "talent"

urlpatterns = [
    path("", coming("talent"), name="index"),
]
