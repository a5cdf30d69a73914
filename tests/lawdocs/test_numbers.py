"""Document numbers: parts, key, tolerant look-up (pure module)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuphap.lawdocs.numbers import NumberError, parse_number


@pytest.mark.parametrize(
    "raw",
    [
        "12/2022/QĐ-UBND",
        "12/2022/QD-UBND",
        "12/2022/qđ-ubnd",
        "12 / 2022 / QĐ - UBND",
        "12-2022-QD-UBND",
        "12.2022.QĐ.UBND",
        "Số 12/2022/QĐ-UBND",
        "số: 12/2022/qd_ubnd",
        "012/2022/QĐ-UBND",
        "12/2022/QĐUBND",
        "  12/2022/Qđ-UBND ",
    ],
)
def test_variants_of_one_number_have_one_key(raw: str) -> None:
    parsed = parse_number(raw)
    assert (parsed.sequence, parsed.year, parsed.type_code, parsed.issuer_code) == (12, 2022, "QD", "UBND")
    assert parsed.key == "12/2022/QD-UBND"
    assert parsed.display == "12/2022/QĐ-UBND"


def test_resolution_of_the_council() -> None:
    parsed = parse_number("18/2025/NQ-HĐND")
    assert (parsed.type_code, parsed.issuer_code, parsed.key, parsed.display) == (
        "NQ",
        "HDND",
        "18/2025/NQ-HDND",
        "18/2025/NQ-HĐND",
    )
    assert parse_number("18/2025/nq-hdnd").key == parsed.key


def test_numbers_without_year_and_consolidated_texts() -> None:
    assert parse_number("3010/QĐ-UBND").year is None
    assert parse_number("3010/QĐ-UBND").key == "3010/QD-UBND"
    consolidated = parse_number("03/VBHN-UBND")
    assert (consolidated.sequence, consolidated.type_code, consolidated.issuer_code) == (3, "VBHN", "UBND")
    assert parse_number("15/2020/QĐ-UBND-XD").issuer_code == "UBND-XD"


@pytest.mark.parametrize(
    "raw", ["", "abc", "QĐ-UBND", "12", "12/2022", "12/22/QĐ-UBND", "0/2022/QĐ-UBND", "12/1800/QĐ-UBND"]
)
def test_not_numbers_are_refused_in_vietnamese(raw: str) -> None:
    with pytest.raises(NumberError) as exc:
        parse_number(raw)
    assert "văn bản" in str(exc.value) or "năm" in str(exc.value) or "số" in str(exc.value)


@given(
    st.integers(1, 99999),
    st.integers(1945, 2100),
    st.sampled_from(["QĐ", "NQ", "CT"]),
    st.sampled_from(["UBND", "HĐND"]),
    st.sampled_from(["/", " / ", "-", "_", "."]),
    st.booleans(),
)
def test_separators_and_case_never_change_the_key(
    seq: int, year: int, kind: str, issuer: str, sep: str, lower: bool
) -> None:
    canonical = parse_number(f"{seq}/{year}/{kind}-{issuer}")
    written = f"{seq}{sep}{year}{sep}{kind}{sep}{issuer}"
    assert parse_number(written.lower() if lower else written) == canonical
