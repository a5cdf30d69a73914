"""Paying at submission: an online application's fee is paid right after submitting (and from
"Hồ sơ của tôi" while unpaid), through the sandbox gateway; the desk's receipt settles it (no fee
pause); a refusal or a withdrawal after payment records a refund due; a repeated notification, a
wrong amount, a payment for a withdrawn dossier, a second payment, a fee changed before receipt;
the same through the API."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.citizens.test_online import files_for, signed_in
from tests.dossiers.conftest import LLTP
from tests.dossiers.test_payments import SECRET, Paygate, _gateway_decides, _notify, _wait_answers, start_paygate
from tuphap.core.models import AuditEvent
from tuphap.core.services import api_token_create
from tuphap.dossiers import services
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import ChangedDossier, Dossier, Procedure
from tuphap.dossiers.online.services import online_submit, online_withdraw
from tuphap.dossiers.payments.models import Payment
from tuphap.dossiers.payments.services import amount_due

FEE = 200_000  # the judicial record's fee in the catalogue


def submitted(catalogue: dict[str, Any], citizen: Any) -> Dossier:
    return online_submit(
        actor=citizen, procedure_code=LLTP, delivery="desk", phone="0912000111", files=files_for(catalogue[LLTP])
    )


def opened(dossier: Dossier, reference: str, amount: int = FEE) -> Payment:
    """A payment opened with the gateway (as ``payment_open`` records it), waiting for its notification."""
    return Payment.objects.create(dossier=dossier, reference=reference, gateway="sandbox", amount=amount)


def paid(reference: str, amount: int = FEE, transaction: str = "T1") -> dict[str, Any]:
    return {"reference": reference, "transaction": transaction, "amount": amount, "status": "paid"}


def auth(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, username=user.username)}"}


@pytest.fixture
def sandbox(settings: Any, live_server: Any) -> Iterator[Paygate]:
    """The sandbox gateway in its own process, notifying this test's live server."""
    process, url = start_paygate(PAYGATE_RETRIES="3", PAYGATE_RETRY_SECONDS="0.2")
    settings.PAYGATE_URL, settings.PAYGATE_SECRET, settings.PAYGATE_CALLBACK_BASE = url, SECRET, live_server.url
    try:
        yield Paygate(url)
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def gateway_settings(settings: Any) -> Any:
    settings.PAYGATE_URL, settings.PAYGATE_SECRET = "http://127.0.0.1:9", SECRET  # nothing listens there
    return settings


@pytest.mark.django_db(transaction=True)
def test_the_fee_is_paid_right_after_submission_and_settled_at_receipt(
    sandbox: Paygate, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any], live_server: Any
) -> None:
    dossier = submitted(catalogue, citizen)
    assert amount_due(dossier) == FEE
    client = signed_in(citizen)
    token = status_token(dossier.code)
    page = client.get(f"/ho-so/cua-toi/{dossier.code}/?da-nop=1")
    text = page.content.decode()
    assert f'action="/ho-so/tra-cuu/{token}/nop-phi/"' in text and "Nộp phí trực tuyến" in text
    assert sandbox.url in page["Content-Security-Policy"]  # the pay button's redirect may go to the gateway
    assert f"/ho-so/cua-toi/{dossier.code}/#h-fee" in client.get("/ho-so/cua-toi/").content.decode()

    response = client.post(f"/ho-so/tra-cuu/{token}/nop-phi/")
    assert response.status_code == 303 and response["Location"].startswith(sandbox.url + "/pay/")
    pid = response["Location"].rsplit("/", 1)[-1]
    _gateway_decides(response["Location"], "approve")
    assert _wait_answers(sandbox, pid, 1) == [200]

    payment = Payment.objects.get(dossier=dossier)
    d = Dossier.objects.get(pk=dossier.pk)
    assert payment.status == "paid" and payment.amount == FEE and payment.receipt_number.startswith("BL")
    assert payment.settled_at is None and payment.refund_due_at is None
    assert d.state == "submitted" and d.online_payment and d.version == dossier.version
    assert not d.events.filter(action="fee_paid").exists()
    # the citizen's page says paid with the receipt, and offers no second payment
    text = client.get(f"/ho-so/cua-toi/{dossier.code}/").content.decode()
    assert payment.receipt_number in text and "Đã nộp trực tuyến" in text and 'nop-phi/"' not in text
    assert f"/ho-so/cua-toi/{dossier.code}/#h-fee" not in client.get("/ho-so/cua-toi/").content.decode()
    assert client.post(f"/ho-so/tra-cuu/{token}/nop-phi/").status_code == 409
    # where the gateway sends the payer back: confirmed, the receipt, and the way back to "Hồ sơ của tôi"
    back = client.get(f"/ho-so/tra-cuu/{token}/nop-phi/{payment.reference}/").content.decode()
    assert payment.receipt_number in back and f'href="/ho-so/cua-toi/{dossier.code}/"' in back
    # the gateway notifies again: taken, nothing changes
    assert sandbox.post(f"/api/payments/{pid}/notify") == {"answer": 200}
    payment.refresh_from_db()
    assert payment.notifications == 2 and Payment.objects.filter(status="paid").count() == 1

    # the desk sees it paid, receives it: the fee is settled, no fee pause, the event carries the receipt
    desk = Client()
    desk.force_login(staff["reception"])
    assert payment.receipt_number in desk.get(f"/ho-so/{d.code}/").content.decode()
    received = services.dossier_accept(actor=staff["reception"], dossier=d.code)
    payment.refresh_from_db()
    assert received.state == "received" and received.online_payment and received.paused_at is None
    assert payment.settled_at is not None and not received.pauses.exists()
    event = received.events.get(action="receive")
    assert event.data["fee_paid_online"] == {
        "reference": payment.reference,
        "receipt": payment.receipt_number,
        "amount": FEE,
    }
    assert AuditEvent.objects.filter(action="payment.settled").count() == 1
    # the printed receipt (form 01) says the fee was paid online, with the electronic receipt's number
    from tuphap.dossiers.documents.build import receipt as receipt_form

    lines = {b.label: b.text for b in receipt_form(received, "http://testserver").blocks if hasattr(b, "label")}
    amount = f"{FEE:,}".replace(",", ".")
    assert lines["Phí, lệ phí: "] == f"đã nộp trực tuyến {amount} đồng, biên lai điện tử số {payment.receipt_number}."
    staff_page = desk.get(f"/ho-so/{d.code}/").content.decode()
    assert payment.receipt_number in staff_page and "ghi nhận là phí của hồ sơ lúc" in staff_page
    receipt = client.get(f"/ho-so/tra-cuu/{token}/bien-lai/{payment.reference}/").content.decode()
    assert payment.receipt_number in receipt and "Trực tuyến, qua cổng thanh toán" in receipt


@pytest.mark.django_db
def test_a_wrong_amount_or_a_repeated_notification_changes_nothing(
    gateway_settings: Any, catalogue: dict[str, Any], citizen: Any
) -> None:
    dossier = submitted(catalogue, citizen)
    payment = opened(dossier, "TTW1")
    client = Client()
    assert _notify(client, paid("TTW1", amount=FEE - 1)).status_code == 409
    payment.refresh_from_db()
    assert payment.status == "pending" and not Dossier.objects.get(pk=dossier.pk).online_payment
    assert _notify(client, paid("TTW1")).status_code == 200
    assert _notify(client, paid("TTW1")).status_code == 200
    assert _notify(client, paid("TTW1", transaction="T2")).status_code == 409
    payment.refresh_from_db()
    assert (
        payment.status == "paid" and payment.notifications == 2 and payment.transaction == "T1"
    )  # the refused ones left nothing
    assert AuditEvent.objects.filter(action="payment.paid").count() == 1


@pytest.mark.django_db
def test_a_refusal_after_payment_records_a_refund_due(
    gateway_settings: Any, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    dossier = submitted(catalogue, citizen)
    opened(dossier, "TTR1")
    assert _notify(Client(), paid("TTR1")).status_code == 200
    services.dossier_refuse(actor=staff["reception"], dossier=dossier.code, reason="Hồ sơ không thuộc thẩm quyền")
    payment = Payment.objects.get(reference="TTR1")
    assert payment.refund_due_at is not None and payment.refund_reason == "refused" and payment.settled_at is None
    assert AuditEvent.objects.get(action="payment.refund_due").after["reason"] == "refused"
    desk = Client()
    desk.force_login(staff["reception"])
    assert "Phải hoàn trả" in desk.get(f"/ho-so/{dossier.code}/").content.decode()
    mine = signed_in(citizen).get(f"/ho-so/cua-toi/{dossier.code}/").content.decode()
    assert "sẽ được hoàn trả" in mine and "Nộp phí trực tuyến" not in mine
    detail = signed_in(citizen).get(f"/api/v1/citizen/dossiers/{dossier.code}", **auth(citizen)).json()
    assert detail["payment"]["state"] == "refund_due" and detail["payment"]["refund_reason"]


@pytest.mark.django_db
def test_a_withdrawal_after_payment_records_a_refund_due(
    gateway_settings: Any, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    dossier = submitted(catalogue, citizen)
    opened(dossier, "TTD1")
    assert _notify(Client(), paid("TTD1")).status_code == 200
    services.dossier_accept(actor=staff["reception"], dossier=dossier.code)
    online_withdraw(actor=citizen, code=dossier.code, reason="Không còn nhu cầu")
    payment = Payment.objects.get(reference="TTD1")
    assert payment.settled_at is not None  # it was the fee; the dossier ended before it was used
    assert payment.refund_due_at is not None and payment.refund_reason == "withdrawn"


@pytest.mark.django_db
def test_paying_a_withdrawn_dossier(gateway_settings: Any, catalogue: dict[str, Any], citizen: Any) -> None:
    dossier = submitted(catalogue, citizen)
    opened(dossier, "TTX7")  # the citizen went to the gateway's page, then withdrew before paying
    online_withdraw(actor=citizen, code=dossier.code, reason="Nộp nhầm thủ tục")
    token = status_token(dossier.code)
    assert Client().post(f"/ho-so/tra-cuu/{token}/nop-phi/").status_code == 409  # nothing to pay any more
    assert _notify(Client(), paid("TTX7")).status_code == 200  # the money moved: taken, and due back
    payment = Payment.objects.get(reference="TTX7")
    d = Dossier.objects.get(pk=dossier.pk)
    assert payment.status == "paid" and payment.refund_reason == "withdrawn" and payment.settled_at is None
    assert d.state == "withdrawn" and not d.online_payment


@pytest.mark.django_db
def test_a_second_payment_is_due_back(
    gateway_settings: Any, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    dossier = submitted(catalogue, citizen)
    opened(dossier, "TTP1")
    opened(dossier, "TTP2")  # two tabs: two payments opened before either was paid
    client = Client()
    assert _notify(client, paid("TTP1")).status_code == 200
    assert _notify(client, paid("TTP2", transaction="T2")).status_code == 200
    assert Payment.objects.get(reference="TTP2").refund_reason == "paid_twice"
    received = services.dossier_accept(actor=staff["reception"], dossier=dossier.code)
    assert Payment.objects.get(reference="TTP1").settled_at is not None and received.online_payment


@pytest.mark.django_db
def test_a_fee_changed_before_receipt_is_not_settled_by_the_old_amount(
    gateway_settings: Any, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    dossier = submitted(catalogue, citizen)
    opened(dossier, "TTF1")
    assert _notify(Client(), paid("TTF1")).status_code == 200
    Procedure.objects.filter(pk=dossier.procedure_id).update(fee=250_000)  # the catalogue's fee changed
    received = services.dossier_accept(actor=staff["reception"], dossier=dossier.code)
    payment = Payment.objects.get(reference="TTF1")
    assert payment.settled_at is None and payment.refund_reason == "fee_changed"
    assert not received.online_payment and "fee_paid_online" not in received.events.get(action="receive").data
    # the handler asks for the fee later, the existing way: the new amount
    services.dossier_assign(actor=staff["head"], dossier=dossier.code, handler=staff["specialist"])
    asked = services.dossier_request_fee(actor=staff["specialist"], dossier=dossier.code)
    assert asked.state == "awaiting_payment" and amount_due(asked) == 250_000


@pytest.mark.django_db
def test_a_confirmation_arriving_after_receipt_settles_the_fee(
    gateway_settings: Any, catalogue: dict[str, Any], citizen: Any, staff: dict[str, Any]
) -> None:
    dossier = submitted(catalogue, citizen)
    opened(dossier, "TTL1")
    received = services.dossier_accept(actor=staff["reception"], dossier=dossier.code)
    assert not received.online_payment
    ChangedDossier.objects.all().delete()
    assert _notify(Client(), paid("TTL1")).status_code == 200
    payment = Payment.objects.get(reference="TTL1")
    d = Dossier.objects.get(pk=dossier.pk)
    assert payment.settled_at is not None and d.online_payment and d.state == "received"
    assert ChangedDossier.objects.filter(dossier=d).exists()  # the reports count it again


@pytest.mark.django_db(transaction=True)
def test_the_api_pays_and_shows_the_payment(
    sandbox: Paygate, catalogue: dict[str, Any], citizen: Any, citizen2: Any, settings: Any
) -> None:
    dossier = submitted(catalogue, citizen)
    client = Client()
    url = f"/api/v1/citizen/dossiers/{dossier.code}/payment"
    detail = client.get(f"/api/v1/citizen/dossiers/{dossier.code}", **auth(citizen)).json()
    assert detail["payment"]["state"] == "due" and detail["payment"]["amount"] == FEE and detail["payment"]["may_pay"]
    assert client.post(url, **auth(citizen2)).status_code == 404  # another's code, as a missing one
    started = client.post(url, **auth(citizen), HTTP_IDEMPOTENCY_KEY="pay-1")
    assert started.status_code == 201, started.content
    body = started.json()
    repeated = client.post(url, **auth(citizen), HTTP_IDEMPOTENCY_KEY="pay-1")  # the app retried: the same answer
    assert (
        repeated.status_code == 201 and repeated.json() == body and Payment.objects.filter(dossier=dossier).count() == 1
    )
    assert body["pay_url"].startswith(sandbox.url + "/pay/") and body["payment"]["state"] == "pending"
    _gateway_decides(body["pay_url"], "approve")
    assert _wait_answers(sandbox, body["pay_url"].rsplit("/", 1)[-1], 1) == [200]
    again = client.post(url, **auth(citizen))
    assert again.status_code == 200 and again.json()["pay_url"] is None
    payment = Payment.objects.get(dossier=dossier, status="paid")
    assert again.json()["payment"] | {"paid_at": None} == {
        "amount": FEE,
        "state": "paid",
        "may_pay": False,
        "reference": payment.reference,
        "receipt_number": payment.receipt_number,
        "paid_at": None,
        "settled": False,
        "refund_reason": "",
    }
    shown = client.get(f"/api/v1/citizen/dossiers/{dossier.code}", **auth(citizen)).json()["payment"]
    assert shown["receipt_number"] == payment.receipt_number and shown["state"] == "paid"
    # a procedure without a fee: nothing to pay (409); the gateway down: 503, nothing recorded
    free = submitted(catalogue, citizen2)
    Procedure.objects.filter(pk=free.procedure_id).update(fee=0)
    answer = client.post(f"/api/v1/citizen/dossiers/{free.code}/payment", **auth(citizen2))
    assert answer.status_code == 409 and answer.json()["code"] == "no_fee"
    Procedure.objects.filter(pk=free.procedure_id).update(fee=FEE)
    settings.PAYGATE_URL = "http://127.0.0.1:9"
    down = client.post(f"/api/v1/citizen/dossiers/{free.code}/payment", **auth(citizen2))
    assert down.status_code == 503 and "cổng thanh toán" in json.dumps(down.json(), ensure_ascii=False)
    assert not Payment.objects.filter(dossier=free).exists()
    online_withdraw(actor=citizen2, code=free.code, reason="Thôi")
    gone = client.post(f"/api/v1/citizen/dossiers/{free.code}/payment", **auth(citizen2))
    assert gone.status_code == 409 and Dossier.objects.get(pk=free.pk).state == "withdrawn"
    assert urllib.parse.urlsplit(body["pay_url"]).hostname == "127.0.0.1"
