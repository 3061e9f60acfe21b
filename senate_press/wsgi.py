import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senate_press.settings.prod")

application = get_wsgi_application()
