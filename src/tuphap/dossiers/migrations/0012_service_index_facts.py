# The service index facts of a dossier and citizens' feedback (issue 19)

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0011_onestop_regime_flags"),
        ("orgs", "0002_agency_province_and_note"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="components_required",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="required components"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="digitised_components",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="digitised components"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="fee_due",
            field=models.PositiveBigIntegerField(default=0, verbose_name="fee at receipt (VND)"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="synced_to_national_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="synchronised to the national portal at"),
        ),
        migrations.CreateModel(
            name="Feedback",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(max_length=20, unique=True, verbose_name="reference")),
                (
                    "kind",
                    models.CharField(
                        choices=[("reflection", "Feedback"), ("recommendation", "Recommendation")],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("content", models.TextField(verbose_name="content")),
                ("sender_name", models.CharField(max_length=255, verbose_name="sender")),
                (
                    "sender_contact",
                    models.CharField(blank=True, max_length=255, verbose_name="sender's phone or email"),
                ),
                ("received_at", models.DateTimeField(db_index=True, verbose_name="received at")),
                ("due_at", models.DateTimeField(verbose_name="answer due")),
                ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="answered at")),
                ("answer", models.TextField(blank=True, verbose_name="answer")),
                (
                    "sender_satisfied",
                    models.BooleanField(blank=True, null=True, verbose_name="sender satisfied with the answer"),
                ),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="answered by",
                    ),
                ),
                (
                    "dossier",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="feedback",
                        to="dossiers.dossier",
                        verbose_name="dossier",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "feedback",
                "verbose_name_plural": "feedback",
                "ordering": ["-received_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["reflection", "recommendation"])), name="feedback_kind_valid"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("answered_at__isnull", True),
                            ("answered_at__gte", models.F("received_at")),
                            _connector="OR",
                        ),
                        name="feedback_answered_after_received",
                    ),
                ],
            },
        ),
    ]
