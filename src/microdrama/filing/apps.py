from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "microdrama.filing"
    label = "filing"
    verbose_name = _("备案中心")

    def ready(self) -> None:
        from . import uploads  # noqa: F401 - registers the "episode" upload handler
