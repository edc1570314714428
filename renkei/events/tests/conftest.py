import pytest
from django.utils import translation

from renkei.testing import build_world


@pytest.fixture
def world():
    """The personas, created as in a Japanese session."""
    with translation.override("ja"):
        return build_world()
