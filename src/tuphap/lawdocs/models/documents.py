"""The registry: documents, their relations (stored once) and files."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    DIRECTIVE = "directive", _("Directive")
    CONSOLIDATED = "consolidated", _("Consolidated text")
    OTHER = "other", _("Other")


class IssuingLevel(models.TextChoices):
    """The level of local government that issues a document. Since 1 July 2025
    local government has two levels (province and commune); district documents
    remain as history."""

    PROVINCE = "province", _("province")
    COMMUNE = "commune", _("commune")
    DISTRICT = "district", _("district (until 30/6/2025)")


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("amends or supplements")
    REPLACES = "replaces", _("replaces")
    REPEALS = "repeals", _("repeals")
    SUSPENDS = "suspends", _("suspends")
    CORRECTS = "corrects", _("corrects")
    GUIDES = "guides", _("guides")
    CONSOLIDATES = "consolidates", _("consolidates")
    BASED_ON = "based_on", _("is based on")


# how a relation reads from its target's side
INVERSE_LABELS = {
    RelationKind.AMENDS: _("amended or supplemented by"),
    RelationKind.REPLACES: _("replaced by"),
    RelationKind.REPEALS: _("repealed by"),
    RelationKind.SUSPENDS: _("suspended by"),
    RelationKind.CORRECTS: _("corrected by"),
    RelationKind.GUIDES: _("guided by"),
    RelationKind.CONSOLIDATES: _("consolidated in"),
    RelationKind.BASED_ON: _("is the basis of"),
}


class LegalDocument(models.Model):
    """Văn bản quy phạm pháp luật, e.g. 12/2022/QĐ-UBND."""

    number = models.CharField(_("number"), max_length=100, help_text=_("As written, e.g. 12/2022/QĐ-UBND"))
    number_key = models.CharField(_("number key"), max_length=100, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("sequence"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    type_code = models.CharField(_("type code"), max_length=10)
    issuer_code = models.CharField(_("issuer code"), max_length=40)
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices, db_index=True)
    issuer = models.CharField(_("issuing body"), max_length=255, db_index=True)
    level = models.CharField(
        _("issuing level"), max_length=10, choices=IssuingLevel.choices, default=IssuingLevel.PROVINCE
    )
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    title = models.TextField(_("title"))
    field = models.CharField(_("field"), max_length=200, blank=True, db_index=True)
    issued_on = models.DateField(_("issued on"))
    effective_from = models.DateField(_("effective from"), db_index=True)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("The first day it is no longer in force")
    )
    gazette_ref = models.CharField(_("Official Gazette reference"), max_length=255, blank=True)
    text = models.TextField(_("full text"), blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("effective_from")),
                name="lawdoc_expires_after_effective",
            ),
        ]
        indexes = [models.Index(fields=["issuer_code", "type_code", "year", "sequence"], name="lawdoc_number_parts")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("lawdocs:document", args=[self.pk])


class DocumentRelation(models.Model):
    """One relation between two documents, stored once and shown from both sides:
    ``source`` (the acting document) ``kind`` ``target``, taking effect on ``date``."""

    source = models.ForeignKey(
        LegalDocument, verbose_name=_("acting document"), on_delete=models.CASCADE, related_name="relations_out"
    )
    target = models.ForeignKey(
        LegalDocument, verbose_name=_("document concerned"), on_delete=models.CASCADE, related_name="relations_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices)
    date = models.DateField(_("takes effect on"))
    articles = models.CharField(
        _("articles concerned"), max_length=255, blank=True, help_text=_("Empty: the whole document")
    )
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Suspensions: the day the document applies again")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    kept_in_force = models.BooleanField(
        _("kept in force"),
        default=False,
        help_text=_(
            "Detailing documents (guides): stays in force when the document it details expires, "
            "because the new document keeps it"
        ),
    )

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind", "articles"], name="lawdoc_relation_once"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="lawdoc_relation_not_self"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("date")), name="lawdoc_relation_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"

    @property
    def partial(self) -> bool:
        return bool(self.articles.strip())

    @property
    def inverse_label(self) -> str:
        return str(INVERSE_LABELS[RelationKind(self.kind)])


class DocumentFile(models.Model):
    document = models.ForeignKey(
        LegalDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="lawdocs/%Y/")
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    def __str__(self) -> str:
        return self.name


class SearchEntry(models.Model):
    """A document's row in PostgreSQL's search index (``search/postgres.py``).

    A narrow table of its own, so that a search walks small rows instead of the
    documents' wide ones: the vectors ``body`` and ``head`` (number and title)
    are added on PostgreSQL only by migration 0005 and kept out of line (TOAST).
    ``bucket`` groups ids (``id // BUCKET``) so that a search can look at the
    newest documents first. SQLite keeps its index in the FTS5 table
    ``lawdocs_fts`` and leaves this one empty."""

    document = models.OneToOneField(LegalDocument, primary_key=True, on_delete=models.CASCADE, related_name="+")
    issued_on = models.DateField()
    bucket = models.IntegerField()

    class Meta:
        db_table = "lawdocs_search"
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return str(self.document_id)
