from django.urls import path

from microdrama.hub.views import coming

app_name = "rights"

urlpatterns = [
    path("", coming("rights"), name="index"),
]
