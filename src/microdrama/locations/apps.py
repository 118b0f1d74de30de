from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocationsConfig(AppConfig):
    name = "microdrama.locations"
    label = "locations"
    verbose_name = _("拍摄基地")
