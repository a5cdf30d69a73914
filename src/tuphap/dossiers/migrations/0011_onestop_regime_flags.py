"""Flags of the one-stop rules in force at receipt: the apology sent late, the supplement requested late."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0010_dossier_receiving_point"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="late_notice",
            field=models.BooleanField(default=False, verbose_name="apology sent late"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="late_supplement_request",
            field=models.BooleanField(default=False, verbose_name="supplement requested late"),
        ),
    ]
