"""The WSGI entry point. A server starts only when serving is configured (ALLOWED_HOSTS)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from tuphap.core.configuration import require_serving_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuphap.settings")
require_serving_configuration(debug=settings.DEBUG, allowed_hosts=settings.ALLOWED_HOSTS)
application = get_wsgi_application()
