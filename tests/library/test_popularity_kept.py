"""Many searches in one request (what members are asking) read each practice's popularity once."""

from __future__ import annotations

from typing import Any

import pytest

from heartline.library.selectors import popularity_kept, popularity_of

pytestmark = pytest.mark.django_db


def test_each_practice_is_read_once_and_gets_what_popularity_of_gives(django_assert_num_queries: Any) -> None:
    of = popularity_kept()
    with django_assert_num_queries(2):  # helpful answers and views
        first = of([1, 2])
    with django_assert_num_queries(0):
        again = of([2, 1])
    with django_assert_num_queries(2):  # only practice 3 is read
        more = of([1, 3])

    assert first == again == popularity_of([1, 2])
    assert more == popularity_of([1, 3])
