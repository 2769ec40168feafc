"""WSGI entry point (`granian --interface wsgi heartline.config.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartline.config.settings")
application = get_wsgi_application()
