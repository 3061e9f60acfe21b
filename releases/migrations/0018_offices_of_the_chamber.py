from django.db import migrations, models

# The chamber's offices were first stored under the Senate's name, the first institution to use the site.
RENAMED = {"senate-chair": "chamber-chair", "senate-deputy-chair": "chamber-deputy-chair"}


def rename(apps, renamed):
    terms = apps.get_model("releases", "PositionTerm").objects
    for old, new in renamed.items():
        terms.filter(office=old).update(office=new)


def forwards(apps, schema_editor):
    rename(apps, RENAMED)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("releases", "0017_list_indexes_with_ids"),
    ]

    operations = [
        migrations.AlterField(
            model_name="positionterm",
            name="office",
            field=models.CharField(choices=[("chamber-chair", "Chairman of the Chamber"), ("chamber-deputy-chair", "Deputy Chairman of the Chamber"), ("mazhilis-chair", "Chairman of the Mazhilis"), ("president", "President of the Republic of Kazakhstan")], max_length=40, verbose_name="office"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
