"""The Django project: settings, URLs, the Celery app, the JSON API router and the base templates.

Also the small cross-app pieces every centre uses — navigation, sortable and paged tables, worker
heartbeats and the health report — so that the apps themselves stay about their own domain.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
