import pytest
from django.core.management import call_command

from renkei.networks.models import Network
from renkei.testing import build_world


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_serves_the_same_pages(client, tmp_path):
    world = build_world()
    page = f"/en/networks/{world.network.slug}/"
    before = client.get(page).content
    backup = tmp_path / "renkei.backup"
    call_command("backup", str(backup))
    assert backup.stat().st_size > 0
    renamed = Network.objects.get(pk=world.network.pk)
    renamed.name = renamed.name_en = "Renamed after the backup"
    renamed.save()
    assert client.get(page).content != before
    call_command("restore", str(backup))
    assert Network.objects.get(pk=world.network.pk).name_en == world.network.name_en
    assert client.get(page).content == before
