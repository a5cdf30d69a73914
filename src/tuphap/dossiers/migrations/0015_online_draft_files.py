"""Files kept with drafts of online applications; a payment settled as the dossier's fee, or due back."""

import django.db.models.deletion
from django.db import migrations, models


def settle_paid(apps, schema_editor):
    """Payments confirmed before this migration were taken by ``fee_paid`` at once: settled then."""
    Payment = apps.get_model("dossiers", "Payment")
    for payment in Payment.objects.filter(status="paid", settled_at__isnull=True):
        payment.settled_at = payment.finished_at
        payment.save(update_fields=["settled_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0014_payments"),
    ]

    operations = [
        migrations.CreateModel(
            name="OnlineDraftFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("component", models.CharField(max_length=40, verbose_name="component")),
                ("file", models.FileField(max_length=255, upload_to="online-drafts/%Y/%m/", verbose_name="file")),
                ("name", models.CharField(max_length=255, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100, verbose_name="content type")),
                ("size", models.PositiveBigIntegerField(verbose_name="size (bytes)")),
                ("uploaded_at", models.DateTimeField(auto_now=True, verbose_name="uploaded at")),
            ],
            options={
                "verbose_name": "draft file",
                "verbose_name_plural": "draft files",
                "ordering": ["draft", "component"],
            },
        ),
        migrations.AddField(
            model_name="payment",
            name="refund_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="refund due since"),
        ),
        migrations.AddField(
            model_name="payment",
            name="refund_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("refused", "The desk refused the application"),
                    ("withdrawn", "The applicant withdrew the dossier"),
                    ("paid_twice", "The fee was already paid"),
                    ("fee_changed", "The fee changed before the dossier was received"),
                    ("closed", "The dossier was closed before the payment was confirmed"),
                ],
                max_length=12,
                verbose_name="refund reason",
            ),
        ),
        migrations.AddField(
            model_name="payment",
            name="settled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="settled at"),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("refund_due_at__isnull", True), ("refund_reason", "")),
                    ("status", "paid"),
                    _connector="OR",
                ),
                name="payment_refund_only_when_paid",
            ),
        ),
        migrations.AddField(
            model_name="onlinedraftfile",
            name="draft",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="draft_files",
                to="dossiers.onlineapplication",
                verbose_name="draft",
            ),
        ),
        migrations.AddConstraint(
            model_name="onlinedraftfile",
            constraint=models.UniqueConstraint(fields=("draft", "component"), name="online_draft_one_file_each"),
        ),
        migrations.RunPython(settle_paid, migrations.RunPython.noop),
    ]
