import os

from django.core.wsgi import get_wsgi_application

from senate_press.runtime import with_roomy_stack

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senate_press.settings.prod")

application = with_roomy_stack(get_wsgi_application())
