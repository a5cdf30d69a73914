"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TUPHAP_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the live server's
# database work happens in its own thread, so Django's async guard is moot here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (scripts/ensure-system-packages)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --------------------------------------------------------------------------- shared by the citizens' path tests

NATIONALITY = "2.001895.000.00.00.H09"  # two components, fully online, fee 100.000 đồng
LLTP = "2.000488.000.00.00.H09"
FAILING_IMPACTS = {"critical", "serious"}


@pytest.fixture
def publish(department: Any, units: dict[str, Any]) -> Callable[[str], Any]:
    """Publish a procedure of the catalogue for the department's unit hctp (in force since 2015)."""
    import datetime as dt

    from tuphap.dossiers import services
    from tuphap.dossiers.catalogue import PROCEDURES

    def go(code: str) -> Any:
        data = next(p for p in PROCEDURES if p["code"] == code)
        return services.procedure_publish(
            actor=None, data=data, agency=department, unit=units["hctp"], valid_from=dt.date(2015, 1, 1)
        )

    return go


@pytest.fixture
def oidc(live_server: Any, settings: Any, tmp_path: Path) -> Iterator[Any]:
    """The stand-in OpenID Connect provider (its own process) calling back to the live server; tuphap set to use it."""
    from tests.citizens.standin import running_provider

    with running_provider(tmp_path / "oidc", callback=f"{live_server.url}/cong-dan/oidc/callback/") as provider:
        for key, value in provider.settings().items():
            setattr(settings, key, value)
        yield provider


@pytest.fixture
def paygate_url(settings: Any) -> Iterator[str]:
    """The sandbox payment gateway (its own process) and tuphap set to use it; its address."""
    from tests.dossiers.test_payments import SECRET, start_paygate

    process, url = start_paygate(PAYGATE_RETRIES="3", PAYGATE_RETRY_SECONDS="0.2")
    settings.PAYGATE_URL, settings.PAYGATE_SECRET = url, SECRET
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return str(Axe().axe_script)


def serious_violations(page: Any, axe_script: str) -> list[str]:
    """axe-core on the page as it stands: its critical and serious violations, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script)
    results = page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"]})
    return [
        f"{page.url}: {v['impact']} {v['id']} ({v['help']})"
        for v in results["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


def log_in(page: Any, base: str, username: str) -> None:
    """A member of staff signs in on the staff's login page (the test password)."""
    from tests.conftest import PASSWORD

    page.goto(base + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/van-phong/")


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def act(page: Any, summary: str, button: str | None = None) -> None:
    """Open an action of the dossier page and send it."""
    page.locator("summary", has_text=summary).click()
    page.get_by_role("button", name=button or summary, exact=True).click()


def sign_in_with_identity(page: Any, provider: Any, username: str = "congdan") -> None:
    """On the citizens' login page: through the identity provider's own page and back."""
    page.get_by_role("link", name="Đăng nhập bằng định danh điện tử").click()
    page.wait_for_url(f"{provider.url}/login/**")  # the provider's own page, in its own process
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("tuphap-demo")
    page.get_by_role("button", name="Đăng nhập").click()


def apply_with_two_files(page: Any, base: str, provider: Any, tmp_path: Path) -> None:
    """From the nationality procedure's page: signed in through the identity provider, the verified
    identity shown read-only, the two components (a PDF and a PNG), the result electronically,
    the declaration, submitted; the confirmation on screen."""
    from PIL import Image
    from playwright.sync_api import expect

    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    photo = tmp_path / "giay-to.png"
    Image.new("RGB", (40, 30), (20, 90, 160)).save(photo)
    page.goto(f"{base}/ho-so/thu-tuc/{NATIONALITY}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.wait_for_url(f"{base}/cong-dan/dang-nhap/**")
    sign_in_with_identity(page, provider)
    page.wait_for_url(f"{base}/ho-so/nop-truc-tuyen/{NATIONALITY}/")
    # the verified identity, read-only
    expect(page.get_by_text("Nguyễn Thị Minh Anh")).to_be_visible()
    expect(page.get_by_text("001190012345")).to_be_visible()
    inputs = page.locator("input[type=file]")
    expect(inputs).to_have_count(2)
    inputs.nth(0).set_input_files(str(scan))
    inputs.nth(1).set_input_files(str(photo))
    page.get_by_label("Bản điện tử").check()
    page.get_by_label("Tôi cam đoan", exact=False).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_selector("text=Hồ sơ của bạn đã được nộp")


def pay_in_sandbox(page: Any, base: str, paygate_url: str, amount: str) -> None:
    """From a status page that offers it: to the sandbox gateway's own page, pay, back to tuphap,
    wait for the server-to-server notification, open the electronic receipt."""
    page.get_by_role("button", name="Nộp phí trực tuyến").click()
    page.wait_for_url(f"{paygate_url}/pay/*")
    assert amount in page.locator("#amount").inner_text()
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_url(f"{base}/ho-so/tra-cuu/*/nop-phi/**")
    for _ in range(30):  # the notification travels server to server: reload until it has arrived
        if "đã được xác nhận" in page.locator(".payment-status").inner_text():
            break
        page.wait_for_timeout(300)
        page.reload()
    page.get_by_role("link", name="Biên lai điện tử").click()
    assert page.locator(".receipt-number").inner_text().startswith("BL")
