"""WSGI entry point (`granian --interface wsgi heartline.config.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartline.config.settings")
application = get_wsgi_application()

# Load jieba's Chinese dictionary in the background once per server process, so the first Chinese
# library search does not wait ~1 s for it (command-line tools never load this module). Started
# first, it loads while the imports below run, and is done before the first request.
from heartline.library.search.analysis import warm_up_in_background  # noqa: E402

warm_up_in_background()

# Every view, the warehouse registries and the engine, imported before the first request (preload.py).
from heartline.config.preload import import_what_requests_use  # noqa: E402

import_what_requests_use()
