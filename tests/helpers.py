"""What several test modules need: the staff groups and a logged-in member of one."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client


def create_groups():
    """The groups as the data migration makes them (a browser test's flush may have emptied the tables)."""
    importlib.import_module("releases.migrations.0003_editor_and_publisher_groups").create_groups(apps, None)


def staff_client(username, group):
    """A client logged in as a staff member of the group, reading the admin in English."""
    user = User.objects.create_user(username, password="pw", is_staff=True, first_name=username.title())
    user.groups.add(Group.objects.get(name=group))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client
