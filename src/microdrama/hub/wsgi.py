"""WSGI entry point for any WSGI server (waitress in `microdrama serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microdrama.hub.settings")
application = get_wsgi_application()
