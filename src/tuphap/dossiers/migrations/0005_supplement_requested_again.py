"""A further supplement request can be recorded (with its reason): the law allows
one, and Decision 766 counts a dossier asked twice as late."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_running_due_index"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="dossier",
            name="dossier_at_most_one_supplement_request",
        ),
    ]
