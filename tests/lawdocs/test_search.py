"""Search: one folding for index and query, phrases, prefixes, filters, ranking,
highlighting, index in the same transaction (SQLite FTS5 and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from tests.lawdocs.conftest import d
from tuphap.lawdocs import selectors, services
from tuphap.lawdocs.search import count, parse_query, search_ids
from tuphap.lawdocs.search.folding import Term, fold, index_text, snippet, to_fts5, to_tsquery


def test_folding_is_one_function_and_keeps_length() -> None:
    assert fold("Quyết định") == "quyet dinh"
    assert fold("ĐĂNG KÝ HỘ TỊCH") == "dang ky ho tich"
    assert fold("Đắk Lắk, Phú Quý") == "dak lak, phu quy"
    text = "Ủy ban nhân dân tỉnh Bình Thuận"
    assert len(fold(text)) == len(text)
    assert index_text("12/2022/QĐ-UBND: Đăng ký!") == "12 2022 qd ubnd dang ky"


def test_query_parsing() -> None:
    assert parse_query('dang ky "ho tich" quyet*') == [
        Term(("ho", "tich")),
        Term(("dang",)),
        Term(("ky",)),
        Term(("quyet",), prefix=True),
    ]
    assert parse_query("“Hộ tịch”") == [Term(("ho", "tich"))]
    assert parse_query("12/2022/QĐ-UBND") == [Term(("12", "2022", "qd", "ubnd"))]
    terms = parse_query('"ho tich" dang*')
    assert to_fts5(terms) == '{tpairs bpairs} : "hozztich" AND {number title body} : "dang"*'
    assert to_tsquery(terms) == "hozztich & dang:*"
    three = parse_query('"dang ky ho"*')
    assert to_fts5(three) == '{tpairs bpairs} : "dangzzky kyzzho"*'
    assert to_tsquery(three) == "(dangzzky <-> kyzzho:*)"
    assert parse_query('" " ""') == []


def test_snippet_highlights_the_original_words() -> None:
    text = "Điều 1. Quy định về đăng ký hộ tịch và chứng thực trên địa bàn tỉnh."
    pieces = snippet(text, parse_query("dang ky"))
    assert [p for p, hit in pieces if hit] == ["đăng", "ký"]
    assert "".join(p for p, _ in pieces) == text


@pytest.fixture
def corpus(make_doc: Callable[..., Any]) -> dict[str, Any]:
    return {
        "hotich": make_doc(
            "12/2016/QĐ-UBND",
            "Ban hành Quy định về đăng ký hộ tịch trên địa bàn tỉnh",
            effective="2016-03-25",
            text="Điều 1. Đăng ký hộ tịch tại Ủy ban nhân dân cấp xã. Điều 2. Chứng thực bản sao.",
            field="Tư pháp",
        ),
        "gia_dat": make_doc(
            "20/2019/QĐ-UBND",
            "Quy định bảng giá đất định kỳ 05 năm",
            effective="2020-01-01",
            text="Bảng giá đất ở tại thành phố Phan Thiết; đăng ký biến động đất đai.",
            field="Đất đai",
        ),
        "nq": make_doc(
            "08/2020/NQ-HĐND",
            "Quy định mức thu lệ phí hộ tịch",
            effective="2020-08-01",
            doc_type="resolution",
            issuer="Hội đồng nhân dân tỉnh Bình Thuận",
            text="Lệ phí đăng ký khai sinh, kết hôn, khai tử.",
            field="Tài chính",
        ),
        "ct": make_doc(
            "03/2021/CT-UBND",
            "Chỉ thị về tăng cường công tác phổ biến pháp luật",
            effective="2021-05-01",
            doc_type="directive",
            text="Các sở, ngành quyết định kế hoạch tuyên truyền; Quyết định số 12/2016/QĐ-UBND tiếp tục thực hiện.",
        ),
    }


def numbers(query: str, **filters: Any) -> list[str]:
    return [r.document.number for r in selectors.search_documents(query, selectors.Filters(**filters)).results]


def test_words_without_diacritics_find_diacritics(corpus: dict[str, Any]) -> None:
    assert set(numbers("dang ky")) == {"12/2016/QĐ-UBND", "20/2019/QĐ-UBND", "08/2020/NQ-HĐND"}
    assert numbers("dang ky")[0] == "12/2016/QĐ-UBND"  # in the title and twice in the text: ranked first
    assert "03/2021/CT-UBND" in numbers("quyet dinh")
    assert "03/2021/CT-UBND" in numbers("QUYẾT ĐỊNH")
    assert numbers("hộ tịch") == numbers("ho tich")


def test_phrases_and_prefixes(corpus: dict[str, Any]) -> None:
    assert numbers('"dang ky ho tich"') == ["12/2016/QĐ-UBND"]
    assert numbers('"ho dang ky"') == []
    assert set(numbers("chung*")) == {"12/2016/QĐ-UBND"}
    assert set(numbers("khai*")) == {"08/2020/NQ-HĐND"}
    assert numbers('"dang ky bien dong"') == ["20/2019/QĐ-UBND"]
    assert numbers('"dong dat o"') == []  # "động đất" and "đất ở" both occur, never the three in a row
    assert numbers('"dong dat dai"') == ["20/2019/QĐ-UBND"]
    assert (
        numbers('"tren dia ban tinh dieu"') == []
    )  # a phrase never spans the end of the title and the start of the text
    assert set(numbers('"ho ti"*')) == {"12/2016/QĐ-UBND", "08/2020/NQ-HĐND"}
    assert numbers('"ban sao"') == ["12/2016/QĐ-UBND"] and numbers("ban sao") == ["12/2016/QĐ-UBND"]


def test_filters_and_status_at_a_date(corpus: dict[str, Any]) -> None:
    assert numbers("dang ky", doc_type="resolution") == ["08/2020/NQ-HĐND"]
    assert numbers("dang ky", field="Đất đai") == ["20/2019/QĐ-UBND"]
    assert numbers("dang ky", issuer="Hội đồng") == ["08/2020/NQ-HĐND"]
    assert set(numbers("dang ky", status="not_yet_in_force", status_at=d("2019-01-01"))) == {
        "20/2019/QĐ-UBND",
        "08/2020/NQ-HĐND",
    }
    services.relation_add(
        actor=None, source=corpus["ct"], target=corpus["hotich"], kind="repeals", date=d("2021-05-01")
    )
    assert numbers("dang ky", status="expired", status_at=d("2022-01-01")) == ["12/2016/QĐ-UBND"]
    assert "12/2016/QĐ-UBND" not in numbers("dang ky", status="in_force", status_at=d("2022-01-01"))
    assert numbers("", issued_from=d("2021-01-01")) == ["03/2021/CT-UBND"]


def test_a_number_finds_its_document_first(corpus: dict[str, Any]) -> None:
    assert numbers("12/2016/QD-UBND")[0] == "12/2016/QĐ-UBND"
    assert numbers("12 2016 qđ ubnd")[0] == "12/2016/QĐ-UBND"


def test_index_follows_the_document_in_the_same_transaction(corpus: dict[str, Any]) -> None:
    services.document_save(
        actor=None,
        number="03/2021/CT-UBND",
        doc_type="directive",
        issuer="Ủy ban nhân dân tỉnh Bình Thuận",
        title="Chỉ thị về khai thác thủy sản",
        issued_on=d("2021-04-20"),
        effective_from=d("2021-05-01"),
        text="Nghiêm cấm khai thác thủy sản bằng chất nổ.",
    )
    assert numbers("thuy san") == ["03/2021/CT-UBND"]
    assert numbers("tuyen truyen") == []
    with pytest.raises(RuntimeError), transaction.atomic():
        services.document_save(
            actor=None,
            number="99/2021/QĐ-UBND",
            doc_type="decision",
            issuer="UBND",
            title="Sân bay Phan Thiết",
            issued_on=d("2021-01-01"),
            effective_from=d("2021-01-11"),
        )
        assert numbers("san bay") == ["99/2021/QĐ-UBND"]
        raise RuntimeError("rollback")
    assert numbers("san bay") == []  # the index rolled back with the document
    services.document_delete(actor=None, document=corpus["nq"])
    assert numbers("khai sinh") == []


def test_ranking_paging_and_counts(make_doc: Callable[..., Any]) -> None:
    for i in range(1, 26):
        make_doc(f"{i}/2023/QĐ-UBND", f"Quyết định số {i}", text="thanh long " * i + "Bình Thuận")
    hits = search_ids(parse_query("thanh long"), limit=20)
    assert len(hits) == 20 and count(parse_query("thanh long")) == 25
    assert hits[0].rank >= hits[-1].rank
    page2 = selectors.search_documents("thanh long", page=2)
    assert page2.total == 25 and len(page2.results) == 5 and page2.num_pages == 2


def test_backend_is_chosen_by_the_database(db: Any) -> None:
    from tuphap.lawdocs import search

    assert (
        search._backend("default").__name__.rsplit(".", 1)[-1]
        == {"sqlite": "sqlite", "postgresql": "postgres"}[connection.vendor]
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT unaccent('Đăng ký hộ tịch')")
            assert cursor.fetchone()[0].lower() == "dang ky ho tich"


def test_title_matches_first_then_the_most_recently_issued(make_doc: Callable[..., Any]) -> None:
    make_doc("1/2018/QĐ-UBND", "Quy định về cấp nước sạch nông thôn", effective="2018-02-01", text="Điều 1. Phạm vi.")
    make_doc("2/2024/QĐ-UBND", "Quy định về thoát nước", effective="2024-02-01", text="Cấp nước sạch cho khu dân cư.")
    make_doc("3/2021/QĐ-UBND", "Quy định về cấp nước sạch đô thị", effective="2021-02-01", text="Điều 1. Phạm vi.")
    make_doc("4/2016/QĐ-UBND", "Quy định về môi trường", effective="2016-02-01", text="Nước sạch và cấp nước.")
    assert numbers('"cap nuoc sach"') == ["3/2021/QĐ-UBND", "1/2018/QĐ-UBND", "2/2024/QĐ-UBND"]
    assert numbers("nuoc sach") == ["3/2021/QĐ-UBND", "1/2018/QĐ-UBND", "2/2024/QĐ-UBND", "4/2016/QĐ-UBND"]
    ranks = [h.rank for h in search_ids(parse_query("nuoc sach"))]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]


def test_counting_stops_at_the_cap(make_doc: Callable[..., Any]) -> None:
    for i in range(1, 8):
        make_doc(f"{i}/2023/QĐ-UBND", f"Quyết định về thanh long số {i}")
    assert count(parse_query("thanh long")) == 7
    assert count(parse_query("thanh long"), cap=5) == 5


def test_documents_far_apart_are_all_found_newest_buckets_first(db: Any) -> None:
    """Ids spread over several of PostgreSQL's buckets (8,192 ids each): the
    newest window is searched first and widens until it has enough; a word
    found only in the oldest document is still found."""
    import datetime as dt

    from tuphap.lawdocs import search
    from tuphap.lawdocs.models import LegalDocument
    from tuphap.lawdocs.numbers import parse_number

    made = []
    for pk, year, text in [
        (3, 2015, "thanh long ruột đỏ"),
        (9_000, 2018, "thanh long"),
        (20_000, 2021, "thanh long"),
        (40_000, 2024, "thanh long"),
    ]:
        number = f"{pk}/{year}/QĐ-UBND"
        parsed = parse_number(number)
        doc = LegalDocument.objects.create(
            pk=pk,
            number=number,
            number_key=parsed.key,
            sequence=parsed.sequence,
            year=parsed.year,
            type_code=parsed.type_code,
            issuer_code=parsed.issuer_code,
            doc_type="decision",
            issuer="Ủy ban nhân dân tỉnh Bình Thuận",
            title=f"Quyết định năm {year}",
            issued_on=dt.date(year, 3, 1),
            effective_from=dt.date(year, 3, 15),
            text=text,
        )
        search.index_document(doc)
        made.append(pk)
    assert [h.id for h in search_ids(parse_query("thanh long"))] == made[::-1]  # most recently issued first
    assert count(parse_query("thanh long")) == 4
    assert [h.id for h in search_ids(parse_query("ruot do"))] == [3]
    assert [h.id for h in search_ids(parse_query('"long ruot do"'))] == [3] and count(
        parse_query('"long ruot do"')
    ) == 1
    assert [h.id for h in search_ids(parse_query("thanh long"), limit=2, offset=2)] == [9_000, 3]


def test_a_long_phrase_needs_its_words_in_order(make_doc: Callable[..., Any]) -> None:
    """Three or more words: holding every pair of the phrase is not enough
    (PostgreSQL matches the pairs first, then checks the phrase)."""
    make_doc("1/2023/QĐ-UBND", "Quyết định một", text="Thủ tục đăng ký hộ tịch tại cấp xã.")
    make_doc("2/2023/QĐ-UBND", "Quyết định hai", text="Hồ sơ đăng ký; người ký hộ phải có giấy ủy quyền.")
    assert numbers('"dang ky ho"') == ["1/2023/QĐ-UBND"]
    assert count(parse_query('"dang ky ho"')) == 1
    assert sorted(numbers("dang ky ho")) == ["1/2023/QĐ-UBND", "2/2023/QĐ-UBND"]
