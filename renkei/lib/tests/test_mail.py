from django.core import mail

from renkei.lib.mail import send_templated_mail
from renkei.networks.models import Network
from renkei.testing import build_world


def test_it_sends_plain_text_without_html_escaping(db):
    world = build_world()
    Network.objects.filter(pk=world.network.pk).update(name_en="Mayors' Alliance & Friends")
    world.network.refresh_from_db()

    send_templated_mail(
        to=["applicant@example.jp"],
        template="networks/email/application_received",
        context={"network": world.network, "application": None},
        language="en",
    )

    assert len(mail.outbox) == 1
    assert "Mayors' Alliance & Friends" in mail.outbox[0].subject
    assert "&#x27;" not in mail.outbox[0].body and "&amp;" not in mail.outbox[0].body
