from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuphap.core.masking import mask_contact
from tuphap.core.models import ApiToken, AuditEvent, JobRun, Notification
from tuphap.core.services import api_token_issue, api_token_revoke


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the admin shows and never adds, changes or deletes."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: audit events are append-only."""

    list_display = ["at", "actor_name", "action", "object_repr", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_name", "action", "object_repr", "object_id"]


class ApiTokenCreateForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # the add form only: a token's owner is never changed
            self.fields["user"].queryset = get_user_model().objects.filter(is_active=True)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Create and revoke only: a token is never re-assigned to another account
    nor given another secret, and never deleted (its audit events point to it).
    Both go through the services, which write the audit events with the
    administrator as the actor."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    form = ApiTokenCreateForm
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["user", "name"]
        return ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a token's owner and secret are fixed; revoke it and create another

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked tokens stay, so that the audit trail keeps pointing to them

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("core.add_apitoken"))

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
            revoked += 1
        messages.success(request, _("%(count)s token(s) revoked.") % {"count": revoked})

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:  # pragma: no cover - has_change_permission refuses first
            raise PermissionDenied
        token, raw = api_token_issue(
            actor=request.user,  # type: ignore[arg-type]
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
        )
        for field in token._meta.concrete_fields:
            setattr(obj, field.attname, getattr(token, field.attname))
        obj._state.adding = False
        obj._raw_token = raw  # type: ignore[attr-defined]

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue: Any = None) -> HttpResponse:
        """The token itself, shown once on this page (never in a message cookie nor a log)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "raw_token": obj._raw_token,  # type: ignore[attr-defined]
            "title": _("API token created"),
        }
        response = TemplateResponse(request, "admin/core/apitoken/created.html", context)
        add_never_cache_headers(response)
        return response


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """The outbox, read-only: messages are queued by services and sent by the worker;
    the recipient is masked (as in the logs)."""

    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    fields = [
        "object_type",
        "object_id",
        "kind",
        "recipient",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("recipient"))
    def recipient(self, obj: Notification) -> str:
        return mask_contact(obj.to)


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """When each daily periodic job last ran (delete a row to run the job again today)."""

    list_display = ["name", "last_day", "last_at"]
    readonly_fields = ["name", "last_day", "last_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
