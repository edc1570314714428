import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from renkei.partnerships.models import Partnership
from renkei.registry.models import OverseasGovernment
from renkei.testing import login_with_second_factor

HEADER = (
    "kind,established,status,ends_on,local_governments,overseas_name_en,overseas_name,overseas_name_kana,"
    "overseas_country,overseas_level,organisations,description_ja,description_en,sources\n"
)
GOOD = (
    "sister_city,1994,active,,032115,Digne-les-Bains,Digne-les-Bains,ディーニュ・レ・バン,FR,city,,ラベンダー交流,,\n"
)


def upload(text: str, name="partnerships.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_charlie_imports_a_file_of_his_citys_partnerships(client, world):
    client.force_login(world.charlie)
    text = HEADER + GOOD + "姉妹都市,2023年7月,,,釜石市,Nouvelle Ville,,,FR,,,,,https://example.org/a\n"
    response = client.post("/partnerships/import/", {"file": upload(text, encoding="cp932")})
    assert response.status_code == 302
    assert sorted(Partnership.objects.values_list("established_precision", flat=True)) == ["month", "year"]
    assert OverseasGovernment.objects.filter(name_en="Nouvelle Ville", country="FR").exists()


def test_one_bad_row_leaves_nothing_written_and_each_bad_row_is_named(client, world):
    client.force_login(world.charlie)
    text = (
        HEADER
        + GOOD
        + "sister_city,19x4,active,,032115,Willich,,,DE,,,,,\n"
        + "no_such_kind,2001,,,032115,Somewhere,,,ZZ,,,,,\n"
        + "sister_city,2001,,,272175,Willich,,,DE,,,,,\n"
    )
    response = client.post("/partnerships/import/", {"file": upload(text)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<td>3</td>" in page and "<td>4</td>" in page and "<td>5</td>" in page and "<td>2</td>" not in page
    assert "ZZ" in page and "no_such_kind" in page
    assert not Partnership.objects.exists()
    assert not OverseasGovernment.objects.filter(name_en="Somewhere").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("list.txt", b"kind"), ("list.csv", b""), ("list.csv", b"colour,size\nred,1\n"), ("list.xlsx", b"not a zip")],
)
def test_an_unreadable_file_is_refused_with_a_reason(client, world, name, content):
    client.force_login(world.charlie)
    response = client.post("/partnerships/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not Partnership.objects.exists()


def test_anonymous_visitors_and_strangers_may_not_import(client, world):
    assert client.get("/partnerships/import/").status_code in (302, 403)
    client.force_login(world.dave)
    response = client.post("/partnerships/import/", {"file": upload(HEADER + GOOD)})
    assert response.status_code == 200 and not Partnership.objects.exists()


def test_the_secretariat_imports_for_a_member_with_two_factors(client, world):
    row = "sister_city,1994,active,,272175,Willich,,,DE,,,,,\n"
    client.force_login(world.secretariat)
    client.post("/partnerships/import/", {"file": upload(HEADER + row)})
    assert not Partnership.objects.exists()
    login_with_second_factor(client, world.secretariat)
    assert client.post("/partnerships/import/", {"file": upload(HEADER + row)}).status_code == 302
    assert Partnership.objects.count() == 1


def test_an_export_imports_again_as_it_is(client, world, kamaishi_digne, matsubara_abroad):
    response = client.get("/partnerships/export/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    dataset = tablib.Dataset().load(io.BytesIO(response.content), format="xlsx")
    assert dataset.headers[0] == "種別" and len(dataset) == 2
    csv = client.get("/en/partnerships/export/?format=csv&country=FR").content.decode("utf-8-sig")
    assert csv.startswith("kind,established") and "Digne-les-Bains" in csv and "St. Pölten" not in csv

    Partnership.objects.all().delete()
    client.force_login(world.charlie)
    assert client.post("/partnerships/import/", {"file": upload(csv)}).status_code == 302
    assert Partnership.objects.get().established_display == "1994年"

    # The Excel file, with its Japanese headers, imports too (松原市's row needs alice).
    Partnership.objects.all().delete()
    login_with_second_factor(client, world.secretariat)
    workbook = SimpleUploadedFile("partnerships.xlsx", response.content)
    assert client.post("/partnerships/import/", {"file": workbook}).status_code == 200  # 釜石市 is no member
    assert not Partnership.objects.exists()
    client.force_login(world.alice)
    only_matsubara = tablib.Dataset(headers=dataset.headers)
    only_matsubara.append(next(row for row in dataset if "272175" in row))
    workbook = SimpleUploadedFile("partnerships.xlsx", only_matsubara.export("xlsx"))
    assert client.post("/partnerships/import/", {"file": workbook}).status_code == 302
    assert Partnership.objects.get().established_display == "2015年10月3日"


@pytest.mark.parametrize(
    ("prefix", "row"),
    [
        ("", ["友好都市", "2015-10-03", "有効", "", "272175", "St. Pölten", "Sankt Pölten", "", "AT", "市"]),
        (
            "/en",
            ["Friendship city", "2015-10-03", "Active", "", "272175", "St. Pölten", "Sankt Pölten", "", "AT", "City"],
        ),
    ],
)
def test_the_export_names_kinds_statuses_and_levels_in_the_reader_s_language(client, matsubara_abroad, prefix, row):
    text = client.get(f"{prefix}/partnerships/export/?format=csv").content.decode("utf-8-sig")
    assert text.splitlines()[1].split(",")[: len(row)] == row
