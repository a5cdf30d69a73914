"""The bookkeeping of a load of past dossiers moves here from the reports app, which
only reads it (its rows are copied by ``reports.0003_history_load_moved_to_dossiers``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_supplement_requested_again"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoryLoad",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=40, unique=True)),
                ("label", models.CharField(max_length=200)),
                ("first_day", models.DateField()),
                ("last_day", models.DateField()),
                ("done_through", models.DateField(blank=True, null=True)),
                ("started_at", models.DateTimeField(auto_now_add=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
    ]
