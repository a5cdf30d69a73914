"""Status at any date around every kind of relation; the SQL filter agrees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.lawdocs.conftest import d
from tuphap.lawdocs import selectors, services
from tuphap.lawdocs.models import LegalDocument
from tuphap.lawdocs.status import Effect, Status, status_at, timeline

DAY = dt.timedelta(days=1)


def test_pure_status_before_during_after() -> None:
    eff, exp = d("2020-01-01"), d("2024-01-01")
    assert status_at(eff, exp, [], eff - DAY) == Status.NOT_YET_IN_FORCE
    assert status_at(eff, exp, [], eff) == Status.IN_FORCE
    assert status_at(eff, exp, [], exp - DAY) == Status.IN_FORCE
    assert status_at(eff, exp, [], exp) == Status.EXPIRED


def test_pure_precedence_expired_over_suspended_over_partial() -> None:
    eff = d("2020-01-01")
    effects = [
        Effect("repeals", d("2021-01-01"), partial=True, source="A"),
        Effect("suspends", d("2022-01-01"), ends_on=d("2022-07-01"), source="B"),
        Effect("replaces", d("2023-01-01"), source="C"),
    ]
    assert status_at(eff, None, effects, d("2021-06-01")) == Status.PARTLY_EXPIRED
    assert status_at(eff, None, effects, d("2022-03-01")) == Status.SUSPENDED
    assert status_at(eff, None, effects, d("2022-07-01")) == Status.PARTLY_EXPIRED  # suspension ended
    assert status_at(eff, None, effects, d("2023-01-01")) == Status.EXPIRED
    changes = timeline(eff, None, effects)
    assert [(c.date, c.status) for c in changes] == [
        (d("2020-01-01"), Status.IN_FORCE),
        (d("2021-01-01"), Status.PARTLY_EXPIRED),
        (d("2022-01-01"), Status.SUSPENDED),
        (d("2022-07-01"), Status.PARTLY_EXPIRED),
        (d("2023-01-01"), Status.EXPIRED),
    ]
    assert changes[-1].reasons == ("replaces:C",)


# kind, articles, status of the target from the relation's date on
CASES = [
    # amended or supplemented by the body that issued it: the amended provisions cease (Law 80/2015 art. 154(1)(b))
    ("amends", "", Status.PARTLY_EXPIRED),
    ("amends", "Điều 2", Status.PARTLY_EXPIRED),
    ("replaces", "", Status.EXPIRED),
    ("replaces", "Điều 3", Status.PARTLY_EXPIRED),
    ("repeals", "", Status.EXPIRED),
    ("repeals", "Điều 4, Điều 5", Status.PARTLY_EXPIRED),
    ("suspends", "", Status.SUSPENDED),
    ("corrects", "", Status.IN_FORCE),
    ("guides", "", Status.IN_FORCE),
    ("consolidates", "", Status.IN_FORCE),
    ("based_on", "", Status.IN_FORCE),
]


@pytest.mark.parametrize(("kind", "articles", "after"), CASES)
def test_status_around_every_relation(make_doc: Callable[..., Any], kind: str, articles: str, after: Status) -> None:
    target = make_doc("10/2019/QĐ-UBND", effective="2019-06-01")
    source = make_doc("20/2022/QĐ-UBND", effective="2022-03-15")
    services.relation_add(actor=None, source=source, target=target, kind=kind, date=d("2022-03-15"), articles=articles)
    target = selectors.with_relations(LegalDocument.objects.filter(pk=target.pk)).get()
    expected = {
        d("2019-05-31"): Status.NOT_YET_IN_FORCE,
        d("2019-06-01"): Status.IN_FORCE,
        d("2022-03-14"): Status.IN_FORCE,
        d("2022-03-15"): after,
        d("2030-01-01"): after,
    }
    for day, status in expected.items():
        assert selectors.status_at(target, day) == status, (kind, articles, day)
        # the SQL filter used by search and lists says the same
        assert set(LegalDocument.objects.filter(selectors.status_q(status, day)).values_list("number", flat=True)) >= {
            "10/2019/QĐ-UBND"
        }
        for other in set(Status) - {status}:
            assert not LegalDocument.objects.filter(selectors.status_q(other, day), pk=target.pk).exists(), (
                kind,
                day,
                other,
            )
    in_force = selectors.documents_in_force(d("2030-01-01"))
    assert (target in in_force) == (after in {Status.IN_FORCE, Status.PARTLY_EXPIRED})


def test_suspension_with_an_end_and_expiry_date(make_doc: Callable[..., Any]) -> None:
    target = make_doc("11/2019/QĐ-UBND", effective="2019-06-01", expires_on=d("2025-01-01"))
    source = make_doc("21/2022/QĐ-UBND", effective="2022-03-15")
    services.relation_add(
        actor=None, source=source, target=target, kind="suspends", date=d("2022-04-01"), ends_on=d("2022-10-01")
    )
    target = selectors.with_relations(LegalDocument.objects.filter(pk=target.pk)).get()
    assert selectors.status_at(target, d("2022-03-31")) == Status.IN_FORCE
    assert selectors.status_at(target, d("2022-09-30")) == Status.SUSPENDED
    assert selectors.status_at(target, d("2022-10-01")) == Status.IN_FORCE
    assert selectors.status_at(target, d("2024-12-31")) == Status.IN_FORCE
    assert selectors.status_at(target, d("2025-01-01")) == Status.EXPIRED
    assert [c.status for c in selectors.status_timeline(target)] == [
        Status.IN_FORCE,
        Status.SUSPENDED,
        Status.IN_FORCE,
        Status.EXPIRED,
    ]
    for day in [d("2022-05-01"), d("2022-10-01"), d("2025-02-01")]:
        matching = [
            s for s in Status if LegalDocument.objects.filter(selectors.status_q(s, day), pk=target.pk).exists()
        ]
        assert matching == [selectors.status_at(target, day)]


def test_relation_is_stored_once_and_shown_from_both_sides(make_doc: Callable[..., Any]) -> None:
    old = make_doc("12/2016/QĐ-UBND", effective="2016-03-25")
    new = make_doc("05/2018/QĐ-UBND", effective="2018-02-20")
    services.relation_add(actor=None, source=new, target=old, kind="amends", date=d("2018-02-20"), articles="Điều 3")
    _rel, changed = services.relation_add(
        actor=None, source=new, target=old, kind="amends", date=d("2018-02-20"), articles="Điều 3"
    )
    assert changed is False
    assert [r.target.number for r in selectors.relations_both_sides(new)["outgoing"]] == ["12/2016/QĐ-UBND"]
    incoming = selectors.relations_both_sides(old)["incoming"]
    assert [r.source.number for r in incoming] == ["05/2018/QĐ-UBND"]
    assert str(incoming[0].inverse_label) == "được sửa đổi, bổ sung bởi"
