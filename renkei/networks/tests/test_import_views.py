"""The import and export pages of the secretariat, and imports run in the background."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from renkei.networks.models import ImportJob, Membership
from renkei.networks.tests.test_import import GOOD
from renkei.organisations.models import Contact
from renkei.testing import build_world, login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings, tmp_path):
    """Pages in English (/en/), so the assertions read the msgids; uploads kept in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


@pytest.fixture
def world(client):
    with translation.override("ja"):
        w = build_world()
    login_with_second_factor(client, w.secretariat)
    return w


def _upload(client, w, content: bytes, name: str = "members.csv"):
    url = reverse("networks:manage_import", args=[w.network.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_a_good_file_is_imported_at_once(client, world):
    response = _upload(client, world, GOOD.encode())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 3 new members, 0 updated; 2 contacts added, 1 updated." in page
    assert Membership.objects.filter(network=world.network).count() == 5


def test_a_file_with_a_bad_row_is_rejected_whole_with_row_numbers(client, world):
    response = _upload(client, world, (GOOD + "032116,,,正会員,,,,,,,\n,,,正会員,,,,,,,\n").encode())
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: the file has 2 problems." in page
    assert '<td class="num">5</td><td>032116 is not a valid local government code (check digit).</td>' in page
    assert '<td class="num">6</td><td>Give a local government code, or an organisation name and kind.</td>' in page
    assert Membership.objects.filter(network=world.network).count() == 2
    assert not Contact.objects.filter(email="hanako@takamatsu.example.jp").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("members.pdf", b"%PDF-1.4 ...", "Choose a CSV or Excel (.xlsx) file."),
        ("members.csv", b"", "The submitted file is empty."),
        ("members.xlsx", b"not a workbook", "The file is not an Excel (.xlsx) workbook."),
        ("members.csv", b"a" * (5 * 1024 * 1024 + 10), "The file is larger than 5 MB; split it into smaller files."),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_error(client, world, name, content, message):
    response = _upload(client, world, content, name)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert Membership.objects.filter(network=world.network).count() == 2


def test_a_large_file_runs_in_the_background_and_shows_its_progress(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.RENKEI_IMPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, world, GOOD.encode())
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("networks:manage_import_job", args=[world.network.slug, job.pk])
    assert (job.status, job.done_rows, job.total_rows) == (ImportJob.Status.DONE, 3, 3)
    assert job.created_by == world.secretariat
    assert not job.file  # the uploaded file is not kept once imported
    assert Membership.objects.filter(network=world.network).count() == 5

    page = client.get(response["Location"]).content.decode()
    assert "3 of 3 rows" in page
    assert '<progress class="progress"' in page and 'value="3"' in page
    assert "every 1s" not in page  # finished: no more polling
    assert "All rows were imported." in page


def test_a_rejected_background_import_lists_the_problems(client, world, settings, django_capture_on_commit_callbacks):
    settings.RENKEI_IMPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, world, (GOOD + "999991,,,正会員,,,,,,,\n").encode())
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["row"] == 5
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported." in page
    assert "999991 is not a valid local government code" in page
    assert Membership.objects.filter(network=world.network).count() == 2


def test_an_unfinished_job_polls_every_second_with_htmx(client, world):
    job = ImportJob.objects.create(
        network=world.network,
        original_name="members.csv",
        file="imports/members.csv",
        status=ImportJob.Status.VALIDATING,
        total_rows=400,
        done_rows=150,
    )
    url = reverse("networks:manage_import_job", args=[world.network.slug, job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "150 of 400 rows" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="import-progress"')
    assert 'max="400" value="150"' in partial
    assert "<html" not in partial


def test_the_csv_export_opens_in_excel_and_lists_members_with_contacts(client, world):
    response = client.get(reverse("networks:manage_export_csv", args=[world.network.slug]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Local government code,Organisation name")
    assert "272175" in text and "ichiro@matsubara.example.jp" in text
    assert "saburo@kamaishi.example.jp" not in text  # 釜石市 is not a member


def test_the_xlsx_export_round_trips_through_the_upload_form(client, world):
    response = client.get(reverse("networks:manage_export_xlsx", args=[world.network.slug]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    # Codes stay text, so Excel keeps their leading digits as they are: 南砺市 162108, 松原市 272175.
    assert {sheet["A2"].value, sheet["A3"].value} == {"162108", "272175"}
    upload = _upload(client, world, response.content, "export.xlsx")
    assert upload.status_code == 302
    page = client.get(upload["Location"]).content.decode()
    assert "Imported: 0 new members, 2 updated" in page
