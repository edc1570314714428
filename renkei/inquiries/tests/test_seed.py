import pytest
from django.core import mail

from renkei.inquiries.models import Inquiry, PrivacyPolicy
from renkei.web.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_policies_and_inquiries_some_overdue():
    load_demo()
    assert PrivacyPolicy.objects.filter(network=None).exists()
    assert PrivacyPolicy.objects.filter(network__isnull=False).values("network").distinct().count() == 3
    media = Inquiry.objects.get(kind=Inquiry.Kind.MEDIA)
    assert "首長TOP LIVE" in media.message and media.outlet
    assert Inquiry.objects.overdue().count() >= 2
    assert Inquiry.objects.filter(network=None).exists()
    assert not [m for m in mail.outbox if "R-" in m.subject]  # the demo emails nobody
