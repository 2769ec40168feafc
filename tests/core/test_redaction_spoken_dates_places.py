"""Dates, addresses and ZIP codes as calls give them (issue 17's recall work): two-digit years in words,
month-day-year said as three numbers near a birth cue, a day by its weekday or by last/this/next month, a
day alone just after the date it goes with; addresses with their quarter and unit (in words, Spanish,
Chinese), P.O. boxes, and five digits said just after an address. Examples are our own."""

from __future__ import annotations

import pytest

from heartline.core.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my birthday is august second fifty-seven", "my birthday is [DATE]"),
        ("nací el nueve de mayo del cincuenta y tres", "nací el [DATE]"),
        ("nació el 4 de junio del 39", "nació el [DATE]"),
        ("I was born on the twentieth of June, 1944.", "I was born on [DATE]."),
        ("date of birth? uh, six four fifty-one", "date of birth? uh, [DATE]"),
        ("fecha de nacimiento: once del cinco del treinta y nueve", "fecha de nacimiento: [DATE]"),
        ("I saw him Thursday the ninth about the bill.", "I saw him [DATE] about the bill."),
        ("La cita es el jueves nueve en la mañana.", "La cita es el [DATE] en la mañana."),
        ("it was the third of last month", "it was [DATE]"),
        ("fue el doce del mes pasado", "fue el [DATE]"),
        ("下个月五号复诊。", "[DATE]复诊。"),
        ("我约的是九号星期四。", "我约的是[DATE]。"),
        ("Admitted March 2nd and discharged on the 6th.", "Admitted [DATE] and discharged on [DATE]."),
        ("Entré el 2 de marzo y salí el 6.", "Entré el [DATE] y salí el [DATE]."),
        ("3月2号住院，6号出院。", "[DATE]住院，[DATE]出院。"),
        ("生日是八月初三", "生日是[DATE]"),
        ("生日是十月二十", "生日是[DATE]"),
        ("appointment on 3/15 at 2pm", "appointment on [DATE] at 2pm"),
        ("la cita es el 15/03 a las dos", "la cita es el [DATE] a las dos"),
    ],
)
def test_dates_said_in_calls_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I go to dialysis Monday, Wednesday and Friday, three times a week.",
        "El martes tres veces fui a la farmacia.",
        "The pharmacy is on the second floor, and the clinic is on the third.",
        "我每个礼拜二去一次，一个月四次。",
        "I called two times last month about the deductible.",
        "Take 1/2 tablet; you pay 3/4 of the cost.",
    ],
)
def test_weekdays_floors_and_counts_stay(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Send it to 1200 Pennsylvania Avenue Southeast, Apartment 4B.", "Send it to [ADDRESS]."),
        ("I'm at twelve ten Cedar Lane, unit nine now.", "I'm at [ADDRESS] now."),
        ("Vivo en 75 Orchard Street, apartamento 12.", "Vivo en [ADDRESS]."),
        ("寄到3300 Lake Shore Drive 5号单元。", "寄到[ADDRESS]。"),
        ("地址还是88 Bay Ridge Parkway吗？", "地址还是[ADDRESS]吗？"),
        ("寄到长安大街东1800号12B室。", "寄到[ADDRESS]。"),
        ("mi apartado postal 2231", "mi [ADDRESS]"),
        ("邮政信箱2231号", "[ADDRESS]"),
        ("我家在朝阳区建国路88号院3号楼2单元401。", "我家在[ADDRESS]。"),
        ("送到浦东新区张江路500弄12号。", "送到[ADDRESS]。"),
        ("It's 310 Birch Road, that's nine four one one oh.", "It's [ADDRESS], that's [ZIP]."),
        ("Mail goes to P.O. Box 2231, 85004, in Phoenix.", "Mail goes to [ADDRESS], [ZIP], in Phoenix."),
    ],
)
def test_addresses_with_units_boxes_and_zip_codes_said_after_them(text: str, expected: str) -> None:
    assert redact(text) == expected
