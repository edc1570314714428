"""A bump gives a scope a new token now and again after the commit; bumps made together are written once."""

import pytest
from django.core.cache import cache
from django.db import transaction

from renkei.lib import generations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def writes(monkeypatch):
    written: list[set[str]] = []
    set_many = cache.set_many

    def counting(data, *args, **kwargs):
        written.append(set(data))
        return set_many(data, *args, **kwargs)

    monkeypatch.setattr(cache, "set_many", counting)
    return written


def test_a_bump_outside_a_transaction_is_written_once(writes):
    before = generations.read("thing:1")
    generations.bump("thing:1")
    assert writes == [{"generation:thing:1"}]
    assert generations.read("thing:1") != before


def test_a_bump_in_a_transaction_is_written_now_and_after_the_commit(writes):
    with transaction.atomic():
        generations.bump("thing:1")
        assert len(writes) == 1
        inside = generations.read("thing:1")
    assert len(writes) == 2
    assert generations.read("thing:1") != inside


def test_bumps_made_together_are_one_write_before_the_commit_and_one_after(writes):
    with transaction.atomic():
        with generations.bumps_together():
            generations.bump("thing:1")
            generations.bump("thing:1", "thing:2")
            generations.bump("thing:2")
            assert writes == []
        assert writes == [{"generation:thing:1", "generation:thing:2"}]
        inside = generations.read("thing:1", "thing:2")
    assert writes == [{"generation:thing:1", "generation:thing:2"}] * 2
    after = generations.read("thing:1", "thing:2")
    assert after[0] != inside[0] and after[1] != inside[1]


def test_bumps_made_together_are_written_even_when_the_block_fails(writes):
    before = generations.read("thing:1")
    with pytest.raises(RuntimeError), generations.bumps_together():
        generations.bump("thing:1")
        raise RuntimeError
    assert generations.read("thing:1") != before
