import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERNAME = DEMO_PASSWORD = "admin"


class Command(BaseCommand):
    help = "On the embedded development database, make sure a demo admin account exists; say how to log in."

    def handle(self, *args, **options):
        User = get_user_model()
        self.stdout.write("\nThe site: http://127.0.0.1:8000/  (Kazakh /kk/, Russian /ru/, English /en/)")
        if os.environ.get("DATABASE_URL"):
            self.stdout.write(
                "The admin: http://127.0.0.1:8000/admin/ — create an account with "
                "`.venv/bin/python manage.py createsuperuser` if you have none.\n"
            )
            return
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            User.objects.create_superuser(DEMO_USERNAME, "", DEMO_PASSWORD)
        self.stdout.write(
            f"The admin: http://127.0.0.1:8000/admin/ — user “{DEMO_USERNAME}”, password “{DEMO_PASSWORD}” "
            "(local development database only).\n"
        )
