"""The matching taxonomy is data every suggestion needs: it must outlive a database being emptied."""

import pytest
from django.core.management import call_command

from renkei.matching.models import Theme


@pytest.mark.django_db(transaction=True)
def test_the_theme_taxonomy_comes_back_after_the_database_is_emptied():
    call_command("flush", "--noinput", verbosity=0)
    crafts = Theme.objects.get(slug="crafts")
    assert crafts.name_ja and crafts.name_en
    assert Theme.objects.count() >= 17
