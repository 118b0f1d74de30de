from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Lapsed holds are already free on read; this sweep also turns their rows and statuses "expired".
EXPIRE_HOLDS_EVERY_SECONDS = 300.0


class LocationsConfig(AppConfig):
    name = "microdrama.locations"
    label = "locations"
    verbose_name = _("拍摄基地")

    def ready(self) -> None:
        from microdrama.hub.celery import app

        app.conf.beat_schedule.update(
            {
                "locations-expire-holds": {
                    "task": "microdrama.locations.tasks.expire_holds",
                    "schedule": EXPIRE_HOLDS_EVERY_SECONDS,
                },
            }
        )
