"""ids_of_slices: the first rows of each slice, in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renkei.lib.slices import ids_of_slices
from renkei.registry.models import LocalGovernment

pytestmark = pytest.mark.django_db


def test_it_reads_each_slice_in_its_own_order_in_one_query():
    governments = LocalGovernment.objects.order_by("code")
    slices = [governments.filter(code__startswith=prefix).values("pk")[:2] for prefix in ("01", "13", "47")]
    with CaptureQueriesContext(connection) as queries:
        ids = ids_of_slices(slices)
    assert len(queries) == 1
    expected = [pk for part in slices for pk in part.values_list("pk", flat=True)]
    assert sorted(ids) == sorted(expected) and len(ids) == 6


def test_no_slice_reads_nothing():
    assert ids_of_slices([]) == []
