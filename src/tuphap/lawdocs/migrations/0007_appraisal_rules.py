"""Appraisal rules by kind of draft and procedure, with the dates between which
they apply and whether their figure was checked against the legal text; the
draft's kind (the 2025 law's local documents), issuing level and shortened
procedure; the issuing level of a registered document.

Data: the 2015 rule ends on 31/3/2025; commune-level drafts are not appraised
by the department (unconfirmed, said so in the note the screens show). Existing
drafts get their kind from their type (resolution: the provincial People's
Council; otherwise the provincial People's Committee)."""

import datetime as dt

from django.db import migrations, models

LAW_2015 = "Luật Ban hành văn bản QPPL 80/2015/QH13 (Điều 121, 130), sửa đổi bởi Luật 63/2020/QH14"
LAW_2025 = "Luật Ban hành văn bản QPPL 64/2025/QH15, sửa đổi bởi Luật 87/2025/QH15; Nghị định 78/2025/NĐ-CP"
NOTE_2015 = (
    "Đã đối chiếu: hồ sơ dự thảo gửi Sở Tư pháp chậm nhất 20 ngày trước phiên họp của Ủy ban nhân dân (Điều 121). "
    "Chưa xác nhận với văn bản: báo cáo thẩm định gửi chậm nhất 10 ngày trước phiên họp; "
    "10 ngày kể từ khi nhận hồ sơ khi chưa biết ngày họp là cách tính của hệ thống."
)
NOTE_2025 = (
    "Chưa xác nhận: con số 10 ngày kể từ ngày nhận đủ hồ sơ chưa được đối chiếu với Luật 64/2025/QH15 "
    "(sửa đổi bởi Luật 87/2025/QH15) và Nghị định 78/2025/NĐ-CP (sửa đổi bởi Nghị định 187/2025/NĐ-CP); "
    "thủ tục rút gọn chưa có thời hạn riêng trong dữ liệu."
)
NOTE_COMMUNE = (
    "Chưa xác nhận: dự thảo văn bản của chính quyền cấp xã không do Sở Tư pháp thẩm định; "
    "cần đối chiếu với Luật 64/2025/QH15 (sửa đổi bởi Luật 87/2025/QH15) và Nghị định 78/2025/NĐ-CP."
)
COMMUNE_KINDS = ("commune_council_resolution", "commune_committee_decision")


def seed(apps, schema_editor):
    AppraisalRule = apps.get_model("lawdocs", "AppraisalRule")
    Draft = apps.get_model("lawdocs", "Draft")
    AppraisalRule.objects.filter(kind="", applies_from=dt.date(2016, 7, 1)).update(
        valid_to=dt.date(2025, 3, 31), note=NOTE_2015, confirmed=False
    )
    AppraisalRule.objects.filter(kind="", applies_from=dt.date(2025, 4, 1)).update(note=NOTE_2025, confirmed=False)
    for kind in COMMUNE_KINDS:
        AppraisalRule.objects.get_or_create(
            kind=kind,
            shortened=False,
            applies_from=dt.date(2016, 7, 1),
            defaults={
                "legal_basis": f"{LAW_2015}; {LAW_2025}",
                "amount": 0,
                "unit": "calendar_days",
                "anchor": "received",
                "department_appraises": False,
                "confirmed": False,
                "note": NOTE_COMMUNE,
            },
        )
    Draft.objects.filter(doc_type="resolution").update(kind="province_council_resolution", level="province")
    Draft.objects.exclude(doc_type="resolution").update(kind="province_committee_decision", level="province")


def unseed(apps, schema_editor):
    AppraisalRule = apps.get_model("lawdocs", "AppraisalRule")
    AppraisalRule.objects.filter(kind__in=COMMUNE_KINDS, applies_from=dt.date(2016, 7, 1)).delete()
    AppraisalRule.objects.filter(kind="", applies_from=dt.date(2016, 7, 1)).update(valid_to=None)


class Migration(migrations.Migration):
    dependencies = [
        ("lawdocs", "0006_relation_kept_in_force"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="appraisalrule",
            options={
                "ordering": ["applies_from", "kind", "shortened"],
                "verbose_name": "appraisal time limit",
                "verbose_name_plural": "appraisal time limits",
            },
        ),
        migrations.AddField(
            model_name="appraisalrule",
            name="confirmed",
            field=models.BooleanField(default=False, verbose_name="checked against the legal text"),
        ),
        migrations.AddField(
            model_name="appraisalrule",
            name="department_appraises",
            field=models.BooleanField(default=True, verbose_name="appraised by the department"),
        ),
        migrations.AddField(
            model_name="appraisalrule",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("province_council_resolution", "Resolution of the provincial People's Council"),
                    ("province_committee_decision", "Decision of the provincial People's Committee"),
                    ("province_chairman_decision", "Decision of the Chairman of the provincial People's Committee"),
                    ("commune_council_resolution", "Resolution of the commune People's Council"),
                    ("commune_committee_decision", "Decision of the commune People's Committee"),
                ],
                max_length=40,
                verbose_name="kind of document",
            ),
        ),
        migrations.AddField(
            model_name="appraisalrule",
            name="shortened",
            field=models.BooleanField(default=False, verbose_name="shortened procedure"),
        ),
        migrations.AddField(
            model_name="appraisalrule",
            name="valid_to",
            field=models.DateField(
                blank=True, help_text="The last day it applies", null=True, verbose_name="applies until"
            ),
        ),
        migrations.AddField(
            model_name="draft",
            name="kind",
            field=models.CharField(
                choices=[
                    ("province_council_resolution", "Resolution of the provincial People's Council"),
                    ("province_committee_decision", "Decision of the provincial People's Committee"),
                    ("province_chairman_decision", "Decision of the Chairman of the provincial People's Committee"),
                    ("commune_council_resolution", "Resolution of the commune People's Council"),
                    ("commune_committee_decision", "Decision of the commune People's Committee"),
                ],
                default="province_committee_decision",
                max_length=40,
                verbose_name="kind of document",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="draft",
            name="level",
            field=models.CharField(
                choices=[("province", "province"), ("commune", "commune"), ("district", "district (until 30/6/2025)")],
                default="province",
                max_length=10,
                verbose_name="issuing level",
            ),
        ),
        migrations.AddField(
            model_name="draft",
            name="shortened",
            field=models.BooleanField(default=False, verbose_name="shortened procedure"),
        ),
        migrations.AddField(
            model_name="legaldocument",
            name="level",
            field=models.CharField(
                choices=[("province", "province"), ("commune", "commune"), ("district", "district (until 30/6/2025)")],
                default="province",
                max_length=10,
                verbose_name="issuing level",
            ),
        ),
        migrations.AlterField(
            model_name="appraisalrule",
            name="applies_from",
            field=models.DateField(verbose_name="applies from"),
        ),
        migrations.AddConstraint(
            model_name="appraisalrule",
            constraint=models.UniqueConstraint(fields=("kind", "shortened", "applies_from"), name="lawdoc_rule_once"),
        ),
        migrations.AddConstraint(
            model_name="appraisalrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True), ("valid_to__gte", models.F("applies_from")), _connector="OR"
                ),
                name="lawdoc_rule_valid_range",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
