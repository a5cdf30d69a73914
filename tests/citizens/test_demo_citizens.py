"""The demo's citizens: linked to the stand-in provider's identities, a token can be made for them by name."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tuphap.citizens.demo import load
from tuphap.citizens.models import CitizenProfile

pytestmark = pytest.mark.django_db


def test_the_demo_citizens_are_loaded_once_with_their_names() -> None:
    for _ in range(2):
        load(io.StringIO())
    profiles = CitizenProfile.objects.select_related("user").order_by("oidc_subject")
    assert [(p.user.username, p.oidc_subject, p.identity_verified) for p in profiles] == [
        ("congdan", "congdan", True),
        ("congdan2", "congdan2", True),
    ]
    out = io.StringIO()
    call_command("create_api_token", "congdan", stdout=out)
    assert len(out.getvalue().strip()) > 20


def test_a_second_load_changes_nothing() -> None:
    load(io.StringIO())
    before = list(CitizenProfile.objects.values_list())
    load(io.StringIO())
    assert list(CitizenProfile.objects.values_list()) == before
