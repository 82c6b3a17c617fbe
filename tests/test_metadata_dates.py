"""Dates as pages write them (converter.metadata.dates)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.metadata.dates import find_dates, parse_date, zone

JST = zone("Asia/Tokyo")
EDT = timezone(timedelta(hours=-4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-04-11T17:33:00+09:00", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("2025-04-11T17:33:27+0900", datetime(2025, 4, 11, 17, 33, 27, tzinfo=JST)),
        ("2025-04-11T08:33:00.000Z", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("2025-04-11 17:33:00", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("2025年04月11日(金)17時33分", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("2025年4月11日 17:33", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("２０２５年４月１１日（金）１７：３３", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("2024年01月31日（水）15時00分", datetime(2024, 1, 31, 15, 0, tzinfo=JST)),
        ("令和7年4月11日 午後5時33分", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("2025.04.11 17:33", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("2025/4/11", datetime(2025, 4, 11, tzinfo=JST)),
        ("2025-04-11", datetime(2025, 4, 11, tzinfo=JST)),
        ("April 11, 2025", datetime(2025, 4, 11, tzinfo=JST)),
        ("11 April 2025 5:33pm", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("Fri, 11 Apr 2025 17:33:00 +0900", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("Apr. 11, 2025 at 5:33 p.m. EDT", datetime(2025, 4, 11, 17, 33, tzinfo=EDT)),
        ("Published 5:33 PM EDT Apr 11, 2025", datetime(2025, 4, 11, 17, 33, tzinfo=EDT)),
        ("By Jane DoeApril 11, 2025", datetime(2025, 4, 11, tzinfo=JST)),
        # month names in other languages; their time lead-ins (um, à, a las, alle, om)
        ("3. Mai 2024, 10:12 Uhr", datetime(2024, 5, 3, 10, 12, tzinfo=JST)),
        ("Stand: 3. März 2024 um 10:12 Uhr", datetime(2024, 3, 3, 10, 12, tzinfo=JST)),
        ("le 3 février 2024 à 10h12", datetime(2024, 2, 3, 10, 12, tzinfo=JST)),
        ("3 de mayo de 2024 a las 10:12", datetime(2024, 5, 3, 10, 12, tzinfo=JST)),
        ("3 settembre 2024 alle 10:12", datetime(2024, 9, 3, 10, 12, tzinfo=JST)),
        ("3 mei 2024 om 10:12", datetime(2024, 5, 3, 10, 12, tzinfo=JST)),
        ("3 de dezembro de 2024", datetime(2024, 12, 3, tzinfo=JST)),
        # day first with dots, as most of Europe writes it
        ("01.02.2022 Die Gemeinde", datetime(2022, 2, 1, tzinfo=JST)),
        ("11.04.2025 17:33", datetime(2025, 4, 11, 17, 33, tzinfo=JST)),
        ("am 1. 2. 2022", datetime(2022, 2, 1, tzinfo=JST)),
    ],
)
def test_formats(text: str, expected: datetime) -> None:
    match = parse_date(text, JST)
    assert match is not None
    assert match.value == expected
    assert match.value.tzinfo is not None


@pytest.mark.parametrize(
    "text",
    ["", "nothing here", "2025年13月40日", "price 2025.5", "12:30", "v3.10.2024", "1.2.2022.1"],
)
def test_no_date(text: str) -> None:
    assert parse_date(text, JST) is None


def test_site_zone_applies_only_without_a_zone() -> None:
    assert parse_date("2025-04-11 17:33", UTC).value.utcoffset() == timedelta(0)
    assert parse_date("2025-04-11 17:33", JST).value.utcoffset() == timedelta(hours=9)
    assert parse_date("2025-04-11 17:33-05:00", JST).value.utcoffset() == timedelta(hours=-5)


def test_time_is_reported() -> None:
    assert parse_date("2025/4/11", JST).has_time is False
    assert parse_date("2025/4/11 9:05", JST).has_time is True


def test_profile_format_first() -> None:
    match = parse_date("11/04/2025 17h33", JST, fmt="%d/%m/%Y %Hh%M")
    assert match.value == datetime(2025, 4, 11, 17, 33, tzinfo=JST)


def test_several_dates_in_reading_order() -> None:
    found = find_dates("公開 2025年4月11日 10:00 更新 2025年4月12日 08:15", JST)
    assert [d.value.day for d in found] == [11, 12]


FORMATS = [
    "%Y-%m-%dT%H:%M:%S",
    "%Y年%m月%d日 %H時%M分",
    "%Y.%m.%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%B %d, %Y %H:%M",
    "%d %B %Y %H:%M",
]


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2099, 12, 31)),
    st.sampled_from(FORMATS),
)
def test_round_trip(value: datetime, fmt: str) -> None:
    value = value.replace(second=0, microsecond=0)
    match = parse_date(value.strftime(fmt), JST)
    assert match is not None
    assert match.value == value.replace(tzinfo=JST)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    match = parse_date(text, JST)
    assert match is None or match.value.tzinfo is not None
