from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors write drafts; publishers also decide what readers see.
EDITOR_PERMISSIONS = [
    "add_release", "change_release", "view_release",
    "add_participant", "change_participant", "delete_participant", "view_participant",
    "add_quote", "change_quote", "delete_quote", "view_quote",
    "add_person", "change_person", "view_person",
    "view_section",
]
GROUPS = {
    "Editors": EDITOR_PERMISSIONS,
    "Publishers": [*EDITOR_PERMISSIONS, "publish_release"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    # (A migration's app state has no models module, which create_permissions asks for.)
    releases = apps.get_app_config("releases")
    releases.models_module = getattr(releases, "models_module", None) or True
    create_permissions(releases, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="releases", codename__in=codenames)
        )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("releases", "0002_publishing_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
