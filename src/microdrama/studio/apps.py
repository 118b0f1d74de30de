from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    name = "microdrama.studio"
    label = "studio"
    verbose_name = _("AI创作实验室")
