"""Paying online through the sandbox gateway, a separate process spoken to over
real HTTP: the gateway's page, the redirect back, the signed notification
(retried, taken once however often it comes), the amount checked against the
fee of the procedure version, the receipt, the workflow's fee pause resumed."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.dossiers.conftest import LLTP
from tuphap.core.models import AuditEvent
from tuphap.dossiers import services
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.payments.gateway import SIGNATURE_HEADER, sign
from tuphap.dossiers.payments.models import Payment

ROOT = Path(__file__).resolve().parents[2]
SECRET = "sandbox-secret-for-tests"


class Paygate:
    def __init__(self, url: str) -> None:
        self.url = url

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310 - loopback
            return json.loads(response.read())

    def post(self, path: str) -> Any:
        request = urllib.request.Request(self.url + path, data=b"", method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())


def start_paygate(**env: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``standins/paygate`` on a free loopback port; fail loudly when it does not come up."""
    process = subprocess.Popen(  # noqa: S603 - our own stand-in
        [sys.executable, "-m", "standins.paygate.app"],
        cwd=ROOT,
        env={**os.environ, "PAYGATE_SECRET": SECRET, "PAYGATE_PORT": "0", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 15)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("paygate listening on "):
        process.kill()
        pytest.fail(f"the sandbox payment gateway did not start (said {line!r}, exit {process.poll()})")
    return process, line.split()[-1]


@pytest.fixture
def paygate(settings: Any, live_server: Any) -> Iterator[Paygate]:
    process, url = start_paygate(PAYGATE_RETRIES="3", PAYGATE_RETRY_SECONDS="0.2")
    settings.PAYGATE_URL = url
    settings.PAYGATE_SECRET = SECRET
    settings.PAYGATE_CALLBACK_BASE = live_server.url
    try:
        yield Paygate(url)
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def awaiting_fee(receive: Callable[..., Any], staff: dict[str, Any]) -> Dossier:
    d = receive(LLTP)
    return services.dossier_request_fee(actor=staff["specialist"], dossier=d)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


def _gateway_decides(pay_url: str, decision: str) -> str:
    """The payer on the gateway's page: read it, press a button; where the gateway sends them back."""
    with urllib.request.urlopen(pay_url, timeout=10) as response:  # noqa: S310 - loopback
        page = response.read().decode()
    assert "200.000" in page and "Thanh toán" in page
    opener = urllib.request.build_opener(_NoRedirect)
    data = urllib.parse.urlencode({"decision": decision}).encode()
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(urllib.request.Request(pay_url, data=data, method="POST"), timeout=10)  # noqa: S310 - loopback
    assert answer.value.code == 303
    return answer.value.headers["Location"]


def _wait_answers(gate: Paygate, pid: str, count: int) -> list[int]:
    for _ in range(100):
        answers = gate.get(f"/api/payments/{pid}")["answers"]
        if len(answers) >= count:
            return answers
        time.sleep(0.1)
    pytest.fail(f"the gateway sent {count} notification(s)? it sent {answers}")


def _pay(client: Client, d: Dossier) -> tuple[str, str]:
    token = status_token(d.code)
    page = client.get(f"/ho-so/tra-cuu/{token}/")
    assert "Nộp phí trực tuyến" in page.content.decode()
    response = client.post(f"/ho-so/tra-cuu/{token}/nop-phi/")
    assert response.status_code == 303
    return token, response["Location"]


@pytest.mark.django_db(transaction=True)
def test_paying_in_the_sandbox_resumes_the_fee_pause_once(
    paygate: Paygate, awaiting_fee: Dossier, staff: dict[str, Any], live_server: Any
) -> None:
    client = Client()
    token, pay_url = _pay(client, awaiting_fee)
    assert pay_url.startswith(paygate.url + "/pay/")
    pid = pay_url.rsplit("/", 1)[-1]
    back = _gateway_decides(pay_url, "approve")
    payment = Payment.objects.get(dossier=awaiting_fee)
    assert back.startswith(f"{live_server.url}/ho-so/tra-cuu/{token}/nop-phi/{payment.reference}/")
    assert _wait_answers(paygate, pid, 1) == [200]

    payment.refresh_from_db()
    d = Dossier.objects.get(pk=awaiting_fee.pk)
    assert payment.status == "paid" and payment.amount == 200_000 and payment.receipt_number
    assert d.state == "in_process" and d.online_payment and d.paused_at is None
    paid = d.events.get(action="fee_paid")
    assert paid.data["receipt"] == payment.receipt_number and paid.data["online"] is True
    assert AuditEvent.objects.filter(action="payment.paid").count() == 1

    # the gateway is unsure and notifies again: taken, nothing changes
    assert paygate.post(f"/api/payments/{pid}/notify") == {"answer": 200}
    payment.refresh_from_db()
    assert payment.notifications == 2 and d.events.filter(action="fee_paid").count() == 1
    assert Dossier.objects.get(pk=d.pk).version == d.version

    # the payer back from the gateway, the receipt, the staff page
    page = client.get(urllib.parse.urlsplit(back).path).content.decode()
    assert payment.receipt_number in page
    receipt = client.get(f"/ho-so/tra-cuu/{token}/bien-lai/{payment.reference}/")
    assert receipt.status_code == 200 and payment.receipt_number in receipt.content.decode()
    assert "200000" in receipt.content.decode().replace(".", "")
    staff_client = Client()
    staff_client.force_login(staff["specialist"])
    assert payment.receipt_number in staff_client.get(f"/ho-so/{d.code}/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_declined_payment_leaves_the_dossier_waiting(paygate: Paygate, awaiting_fee: Dossier) -> None:
    client = Client()
    token, pay_url = _pay(client, awaiting_fee)
    _gateway_decides(pay_url, "decline")
    assert _wait_answers(paygate, pay_url.rsplit("/", 1)[-1], 1) == [200]
    payment = Payment.objects.get(dossier=awaiting_fee)
    assert payment.status == "failed" and payment.receipt_number is None
    d = Dossier.objects.get(pk=awaiting_fee.pk)
    assert d.state == "awaiting_payment" and not d.online_payment
    # the payer may try again
    assert client.post(f"/ho-so/tra-cuu/{token}/nop-phi/").status_code == 303


@pytest.mark.django_db(transaction=True)
def test_notifications_are_retried_until_tuphap_answers(settings: Any, live_server: Any, awaiting_fee: Dossier) -> None:
    process, url = start_paygate(PAYGATE_RETRIES="3", PAYGATE_RETRY_SECONDS="0.1")
    try:
        settings.PAYGATE_URL, settings.PAYGATE_SECRET = url, SECRET
        settings.PAYGATE_CALLBACK_BASE = "http://127.0.0.1:9"  # nothing listens: every attempt fails
        _, pay_url = _pay(Client(), awaiting_fee)
        _gateway_decides(pay_url, "approve")
        gate = Paygate(url)
        assert _wait_answers(gate, pay_url.rsplit("/", 1)[-1], 3) == [0, 0, 0]
        assert Payment.objects.get(dossier=awaiting_fee).status == "pending"
    finally:
        process.terminate()
        process.wait(10)


def _notify(client: Client, body: dict[str, Any], secret: str = SECRET) -> Any:
    raw = json.dumps(body).encode()
    return client.post(
        "/ho-so/thanh-toan/thong-bao/",
        data=raw,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign(secret, raw)},
    )


@pytest.mark.django_db
def test_forged_or_contradicting_notifications_are_refused(settings: Any, awaiting_fee: Dossier) -> None:
    settings.PAYGATE_URL, settings.PAYGATE_SECRET = "http://127.0.0.1:9", SECRET
    payment = Payment.objects.create(dossier=awaiting_fee, reference="TTX1", gateway="sandbox", amount=200_000)
    client = Client()
    good = {"reference": "TTX1", "transaction": "T1", "amount": 200_000, "status": "paid"}
    assert _notify(client, good, secret="not-the-secret").status_code == 403
    assert _notify(client, {**good, "reference": "TTX9"}).status_code == 403
    assert _notify(client, {**good, "amount": 2_000}).status_code == 409
    assert _notify(client, {**good, "amount": "200000"}).status_code == 403
    assert client.post("/ho-so/thanh-toan/thong-bao/", data=b"{}", content_type="application/json").status_code == 403
    payment.refresh_from_db()
    assert payment.status == "pending" and Dossier.objects.get(pk=awaiting_fee.pk).state == "awaiting_payment"
    assert _notify(client, good).status_code == 200
    assert _notify(client, {**good, "transaction": "T2"}).status_code == 409
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.transaction == "T1"


@pytest.mark.django_db
def test_gateway_down_keeps_the_dossier(settings: Any, awaiting_fee: Dossier) -> None:
    settings.PAYGATE_URL, settings.PAYGATE_SECRET = "http://127.0.0.1:9", SECRET
    token = status_token(awaiting_fee.code)
    response = Client().post(f"/ho-so/tra-cuu/{token}/nop-phi/")
    assert response.status_code == 503 and "thanh toán" in response.content.decode().lower()
    assert Dossier.objects.get(pk=awaiting_fee.pk).state == "awaiting_payment"


@pytest.mark.django_db
def test_no_payment_when_no_fee_is_awaited(settings: Any, receive: Callable[..., Any]) -> None:
    settings.PAYGATE_URL, settings.PAYGATE_SECRET = "http://127.0.0.1:9", SECRET
    d = receive(LLTP)
    token = status_token(d.code)
    assert "Nộp phí trực tuyến" not in Client().get(f"/ho-so/tra-cuu/{token}/").content.decode()
    assert Client().post(f"/ho-so/tra-cuu/{token}/nop-phi/").status_code == 409
    assert not Payment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_notifications_are_taken_once(settings: Any, live_server: Any, awaiting_fee: Dossier) -> None:
    """The gateway's retry crossing its first delivery: both answered 200, one fee_paid, one receipt."""
    import threading

    settings.PAYGATE_URL, settings.PAYGATE_SECRET = "http://127.0.0.1:9", SECRET
    Payment.objects.create(dossier=awaiting_fee, reference="TTX2", gateway="sandbox", amount=200_000)
    raw = json.dumps({"reference": "TTX2", "transaction": "T9", "amount": 200_000, "status": "paid"}).encode()
    answers: list[int] = []
    start = threading.Barrier(4)

    def deliver() -> None:
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"{live_server.url}/ho-so/thanh-toan/thong-bao/",
            data=raw,
            method="POST",
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(SECRET, raw)},
        )
        start.wait()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                answers.append(response.status)
        except urllib.error.HTTPError as exc:
            answers.append(exc.code)

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert answers == [200, 200, 200, 200]
    payment = Payment.objects.get(reference="TTX2")
    assert payment.status == "paid" and payment.notifications == 4
    d = Dossier.objects.get(pk=awaiting_fee.pk)
    assert d.state == "in_process" and d.events.filter(action="fee_paid").count() == 1


def test_when_a_fee_may_be_paid_online_and_when_it_is_due_back() -> None:
    """The workflow's rules of the fee paid online (pure): at submission only for an application made
    online and not yet paid, always once the handler asks; due back after a refusal or a withdrawal."""
    from tuphap.dossiers.workflow import State, fee_payable, fee_settled_at_receipt, refund_due

    assert fee_payable(State.SUBMITTED, online=True, paid=False)
    assert not fee_payable(State.SUBMITTED, online=True, paid=True)
    assert not fee_payable(State.SUBMITTED, online=False, paid=False)  # by post: paid when asked, or at the desk
    assert fee_payable(State.AWAITING_PAYMENT, online=False, paid=False)
    others = set(State) - {State.SUBMITTED, State.AWAITING_PAYMENT}
    assert not any(fee_payable(s, online=True, paid=False) for s in others)
    assert {s for s in State if refund_due(s)} == {State.REFUSED, State.WITHDRAWN}
    assert fee_settled_at_receipt(200_000, 200_000) and not fee_settled_at_receipt(200_000, 250_000)


@pytest.mark.django_db
def test_the_fee_asked_later_is_still_paid_the_existing_way(settings: Any, awaiting_fee: Dossier) -> None:
    """A dossier received at the desk, its fee asked during processing: the payment resumes the
    fee pause at once (``fee_paid``) and is settled then; a second confirmed payment is due back."""
    settings.PAYGATE_URL, settings.PAYGATE_SECRET = "http://127.0.0.1:9", SECRET
    Payment.objects.create(dossier=awaiting_fee, reference="TTA1", gateway="sandbox", amount=200_000)
    Payment.objects.create(dossier=awaiting_fee, reference="TTA2", gateway="sandbox", amount=200_000)
    client = Client()
    assert (
        _notify(client, {"reference": "TTA1", "transaction": "A1", "amount": 200_000, "status": "paid"}).status_code
        == 200
    )
    d = Dossier.objects.get(pk=awaiting_fee.pk)
    first = Payment.objects.get(reference="TTA1")
    assert d.state == "in_process" and d.online_payment and first.settled_at is not None
    assert (
        _notify(client, {"reference": "TTA2", "transaction": "A2", "amount": 200_000, "status": "paid"}).status_code
        == 200
    )
    assert Payment.objects.get(reference="TTA2").refund_reason == "paid_twice"
    assert Dossier.objects.get(pk=d.pk).events.filter(action="fee_paid").count() == 1
