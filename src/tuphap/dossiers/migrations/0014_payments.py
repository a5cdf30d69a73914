"""Payments of fees online with their receipts, and the electronic results."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0013_online_applications"),
    ]

    operations = [
        migrations.CreateModel(
            name="ElectronicResult",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=60, unique=True, verbose_name="document number")),
                ("issued_on", models.DateField(verbose_name="issued on")),
                ("content_hash", models.CharField(max_length=64, verbose_name="hash of the essentials")),
                ("pdf", models.BinaryField(verbose_name="PDF")),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="hash of the PDF")),
                ("signature", models.BinaryField(blank=True, verbose_name="agency signature (CMS)")),
                ("signer", models.CharField(blank=True, max_length=255, verbose_name="signed by")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "dossier",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="e_result",
                        to="dossiers.dossier",
                        verbose_name="dossier",
                    ),
                ),
            ],
            options={
                "verbose_name": "electronic result",
                "verbose_name_plural": "electronic results",
            },
        ),
        migrations.CreateModel(
            name="Payment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(max_length=40, unique=True, verbose_name="payment reference")),
                ("gateway", models.CharField(max_length=20, verbose_name="gateway")),
                ("amount", models.PositiveBigIntegerField(verbose_name="amount (VND)")),
                (
                    "status",
                    models.CharField(
                        choices=[("pending", "Waiting for the gateway"), ("paid", "Paid"), ("failed", "Not paid")],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("transaction", models.CharField(blank=True, max_length=64, verbose_name="gateway transaction")),
                ("notifications", models.PositiveIntegerField(default=0, verbose_name="notifications received")),
                (
                    "receipt_number",
                    models.CharField(blank=True, max_length=30, null=True, unique=True, verbose_name="receipt number"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                (
                    "dossier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="payments",
                        to="dossiers.dossier",
                        verbose_name="dossier",
                    ),
                ),
            ],
            options={
                "verbose_name": "payment",
                "verbose_name_plural": "payments",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["pending", "paid", "failed"])), name="payment_status_valid"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("receipt_number__isnull", True), ("status", "paid"), _connector="OR"),
                        name="payment_receipt_only_when_paid",
                    ),
                ],
            },
        ),
    ]
