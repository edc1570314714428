import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renkei.partnerships.models import Partnership, Party
from renkei.partnerships.tests.conftest import lg, make_partnership
from renkei.registry.models import LocalGovernment, OverseasGovernment
from renkei.testing import login_with_second_factor

FORM = {
    "kind": "sister_city",
    "local_governments": "松原市",
    "overseas_governments": [],
    "established_year": "2023",
    "established_month": "7",
    "established_day": "",
    "status": "active",
    "description_ja": "市民交流",
}


def test_the_directory_lists_public_partnerships_and_filters_them(client, kamaishi_digne, matsubara_abroad):
    page = client.get("/partnerships/").content.decode()
    assert f"/partnerships/{kamaishi_digne.pk}/" in page and f"/partnerships/{matsubara_abroad.pk}/" in page
    page = client.get("/partnerships/?country=FR").content.decode()
    assert f"/partnerships/{kamaishi_digne.pk}/" in page and f"/partnerships/{matsubara_abroad.pk}/" not in page
    page = client.get("/partnerships/?prefecture=270008&kind=friendship_city&year=2015&status=active").content.decode()
    assert f"/partnerships/{matsubara_abroad.pk}/" in page and f"/partnerships/{kamaishi_digne.pk}/" not in page


def test_the_directory_answers_a_bad_filter_with_an_error_not_a_crash(client, kamaishi_digne):
    response = client.get("/partnerships/?year=abc&country=XX")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_overseas_names_show_in_their_script_english_and_katakana(client, kamaishi_digne):
    page = client.get(f"/partnerships/{kamaishi_digne.pk}/").content.decode()
    assert "Digne-les-Bains" in page and "ディーニュ・レ・バン" in page and "フランス" in page
    assert "1994年" in page
    english = client.get(f"/en/partnerships/{kamaishi_digne.pk}/").content.decode()
    assert "France" in english and ">1994<" in english


def test_the_directory_costs_the_same_queries_with_more_partnerships(client, world, digne, django_assert_num_queries):
    def count() -> int:
        from renkei.partnerships.models import changed

        changed()  # drawn afresh, as after any change
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/partnerships/").status_code == 200
        return len(queries)

    make_partnership(governments=[world.alice_org.local_government], overseas=[digne])
    count()  # the prefectures' names are cached from then on
    few = count()
    for year in range(1990, 2010):
        make_partnership(
            governments=[world.bob_org.local_government],
            overseas=[digne],
            organisations=[world.company_org],
            day=datetime.date(year, 1, 1),
        )
    assert count() == few


def test_the_anniversaries_page_costs_the_same_queries_with_more_partnerships(client, world, digne):
    def count() -> int:
        from renkei.partnerships.models import changed

        changed()  # drawn afresh, as after any change
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/partnerships/anniversaries/?months=24").status_code == 200
        return len(queries)

    today = datetime.date.today()
    make_partnership(
        governments=[world.alice_org.local_government], overseas=[digne], day=datetime.date(today.year - 29, 1, 1)
    )
    count()
    few = count()
    for years in (4, 9, 14, 19, 24, 29, 39, 49):
        make_partnership(
            governments=[world.bob_org.local_government],
            overseas=[digne],
            organisations=[world.company_org],
            day=datetime.date(today.year - years, 6, 1),
            precision=Partnership.Precision.MONTH,
        )
    assert count() == few


def test_a_cached_directory_page_shows_a_new_partnership_at_once(client, world, digne):
    client.get("/partnerships/")
    partnership = make_partnership(governments=[world.alice_org.local_government], overseas=[digne])
    assert f"/partnerships/{partnership.pk}/" in client.get("/partnerships/").content.decode()


class TestDrafts:
    @pytest.fixture
    def draft(self, world, digne):
        return make_partnership(governments=[world.alice_org.local_government], overseas=[digne], is_draft=True)

    @pytest.mark.parametrize(
        ("persona", "sees"),
        [(None, False), ("alice", True), ("bob", False), ("charlie", False), ("dave", False), ("secretariat", True)],
    )
    def test_only_its_editors_see_a_draft(self, client, world, draft, persona, sees):
        if persona:
            client.force_login(getattr(world, persona))
        assert (client.get(f"/partnerships/{draft.pk}/").status_code == 200) is sees
        assert (f"/partnerships/{draft.pk}/" in client.get("/partnerships/").content.decode()) is sees
        api = client.get("/api/v1/partnerships").json()
        assert (draft.pk in [item["id"] for item in api["items"]]) is sees
        export = client.get("/partnerships/export/?format=csv").content.decode("utf-8-sig")
        assert ("272175" in export) is sees  # 松原市's code: the draft is its only partnership
        user = getattr(world, persona) if persona else AnonymousUser()
        assert Partnership.objects.visible_to(user).filter(pk=draft.pk).exists() is sees

    def test_a_new_colleague_sees_the_draft_in_the_directory_at_once_and_a_departed_one_no_longer(
        self, client, world, draft
    ):
        from renkei.organisations.models import Staff

        client.force_login(world.bob)
        assert f"/partnerships/{draft.pk}/" not in client.get("/partnerships/").content.decode()
        staff = Staff.objects.create(user=world.bob, organisation=world.alice_org)
        assert f"/partnerships/{draft.pk}/" in client.get("/partnerships/").content.decode()
        staff.delete()
        assert f"/partnerships/{draft.pk}/" not in client.get("/partnerships/").content.decode()

    def test_a_draft_stays_out_of_search(self, client, world, draft):
        from renkei.search.models import SearchEntry

        assert not SearchEntry.objects.filter(object_id=str(draft.pk), title__contains="松原").exists()


class TestRecording:
    def test_anonymous_visitors_are_refused(self, client, world):
        assert client.get("/partnerships/new/").status_code in (302, 403)
        assert client.post("/partnerships/new/", FORM).status_code in (302, 403)
        assert not Partnership.objects.exists()

    def test_alice_records_a_partnership_of_her_city_with_a_new_city_abroad(self, client, world):
        client.force_login(world.alice)
        response = client.post(
            "/partnerships/new/",
            {
                **FORM,
                "new_overseas_name_en": "Willich Neu",
                "new_overseas_name": "Willich Neu",
                "new_overseas_name_kana": "ヴィリッヒ・ノイ",
                "new_overseas_country": "DE",
                "new_overseas_level": "city",
            },
        )
        partnership = Partnership.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(f"/partnerships/{partnership.pk}/")
        assert partnership.established_display == "2023年7月"
        assert partnership.start_year == 2023 and partnership.start_month == 7 and partnership.start_day is None
        assert sorted(Party.objects.values_list("country", flat=True)) == ["DE", "JP"]
        assert OverseasGovernment.objects.filter(name_kana="ヴィリッヒ・ノイ").exists()

    def test_charlie_may_not_record_a_partnership_for_matsubara(self, client, world, willich):
        client.force_login(world.charlie)
        response = client.post("/partnerships/new/", {**FORM, "overseas_governments": [willich.pk]})
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
        assert not Partnership.objects.exists()

    def test_a_company_records_an_agreement_with_a_municipality(self, client, world):
        client.force_login(world.dave)
        response = client.post(
            "/partnerships/new/",
            {
                **FORM,
                "kind": "comprehensive",
                "local_governments": "釜石市",
                "organisations": f"#{world.company_org.pk}",
                "established_day": "11",
                "established_month": "9",
            },
        )
        assert response.status_code == 302
        assert Partnership.objects.get().established_display == "2023年9月11日"

    def test_the_secretariat_needs_two_factors_to_record_for_a_member(self, client, world, willich):
        data = {**FORM, "overseas_governments": [willich.pk]}
        client.force_login(world.secretariat)
        assert client.post("/partnerships/new/", data).status_code == 200
        assert not Partnership.objects.exists()
        login_with_second_factor(client, world.secretariat)
        assert client.post("/partnerships/new/", data).status_code == 302
        assert Partnership.objects.count() == 1

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"local_governments": "", "overseas_governments": []}, "two parties"),
            ({"status": "fixed_term"}, "ends"),
            ({"established_month": "2", "established_day": "30"}, "established_day"),
            ({"local_governments": "999999"}, "999999"),
            ({"organisations": "#999999"}, "#999999"),
            ({"new_overseas_name_en": "Nowhere"}, "new_overseas_country"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_changes(self, client, world, willich, change, field):
        client.force_login(world.alice)
        response = client.post("/partnerships/new/", {**FORM, "overseas_governments": [willich.pk], **change})
        page = response.content.decode()
        assert response.status_code == 200 and "errorlist" in page
        assert not Partnership.objects.exists() and not OverseasGovernment.objects.filter(name_en="Nowhere").exists()

    def test_the_form_is_prefilled_from_a_link(self, client, world):
        client.force_login(world.dave)
        page = client.get(
            f"/partnerships/new/?kind=comprehensive&local_government=272175&local_government=032115"
            f"&organisation={world.company_org.pk}&established_on=2019-09-11&description=防災協定"
        ).content.decode()
        assert "大阪府松原市 (272175)" in page and "岩手県釜石市 (032115)" in page
        assert f"株式会社地域企画 (#{world.company_org.pk})" in page
        assert '<option value="comprehensive" selected>' in page
        assert 'value="2019"' in page and 'value="11"' in page and "防災協定" in page


class TestEditing:
    @pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 403), ("dave", 403)])
    def test_only_the_parties_staff_edit(self, client, world, matsubara_abroad, persona, status):
        client.force_login(getattr(world, persona))
        assert client.get(f"/partnerships/{matsubara_abroad.pk}/edit/").status_code == status

    def test_anonymous_visitors_may_not_edit(self, client, matsubara_abroad):
        assert client.get(f"/partnerships/{matsubara_abroad.pk}/edit/").status_code == 403

    def test_the_secretariat_edits_a_members_partnership_with_two_factors(self, client, world, matsubara_abroad):
        client.force_login(world.secretariat)
        assert client.get(f"/partnerships/{matsubara_abroad.pk}/edit/").status_code in (302, 403)
        login_with_second_factor(client, world.secretariat)
        assert client.get(f"/partnerships/{matsubara_abroad.pk}/edit/").status_code == 200

    def test_the_secretariat_may_not_edit_an_outsiders_partnership(self, client, world, kamaishi_digne):
        login_with_second_factor(client, world.secretariat)
        assert client.get(f"/partnerships/{kamaishi_digne.pk}/edit/").status_code == 403

    def test_an_edit_moves_the_anniversaries(self, client, world, matsubara_abroad):
        client.force_login(world.alice)
        data = {
            **FORM,
            "kind": "friendship_city",
            "overseas_governments": [matsubara_abroad.parties.last().overseas_government_id],
            "established_year": "1997",
            "established_month": "",
            "status": "active",
        }
        assert client.post(f"/partnerships/{matsubara_abroad.pk}/edit/", data).status_code == 302
        matsubara_abroad.refresh_from_db()
        assert (matsubara_abroad.start_year, matsubara_abroad.start_month) == (1997, None)
        assert matsubara_abroad.established_display == "1997年"


def test_a_municipalitys_page_lists_its_partnerships_and_activities(client, world, kamaishi_digne):
    from renkei.partnerships.services import activity_create

    activity = activity_create(
        user=None,
        organisation=world.charlie_org,
        partnership=kamaishi_digne,
        kind="tree_planting",
        title_ja="ラベンダーの植栽",
        starts_on=datetime.date(2023, 6, 1),
    )
    page = client.get("/local-governments/032115/").content.decode()
    assert f"/partnerships/{kamaishi_digne.pk}/" in page and f"/partnerships/activities/{activity.pk}/" in page
    other = client.get("/local-governments/272175/").content.decode()
    assert f"/partnerships/{kamaishi_digne.pk}/" not in other


def test_the_municipality_page_costs_the_same_queries_with_more_partnerships(client, world, digne):
    def count() -> int:
        from renkei.partnerships.models import changed

        changed()  # drawn afresh, as after any change
        with CaptureQueriesContext(connection) as queries:
            client.get("/local-governments/272175/")
        return len(queries)

    make_partnership(governments=[world.alice_org.local_government], overseas=[digne])
    count()
    few = count()
    for year in range(1990, 2000):
        make_partnership(
            governments=[world.alice_org.local_government, lg("堺市", "大阪府")],
            overseas=[digne],
            day=datetime.date(year, 1, 1),
        )
    assert count() == few


def test_figures_count_by_country_and_prefecture_with_a_chart(client, kamaishi_digne, matsubara_abroad):
    page = client.get("/partnerships/statistics/").content.decode()
    assert "<svg" in page and "フランス" in page and "オーストリア" in page and "岩手県" in page
    assert "?country=FR" in page and "?prefecture=030007" in page


def test_a_prefecture_renamed_in_the_registry_shows_in_the_directory_at_once(client, world, monkeypatch):
    from collections import OrderedDict

    from renkei.lib import caching

    osaka = LocalGovernment.objects.get(code="270008")
    assert ">Osaka Prefecture</option>" in client.get("/en/partnerships/").content.decode()
    client.force_login(world.alice)
    assert ">Osaka Prefecture</option>" in client.get("/en/partnerships/").content.decode()
    # Renamed in another web process: its own memory of kept values, the same shared cache.
    monkeypatch.setattr(caching, "_KEPT", OrderedDict())
    osaka.name_en = "Osaka-fu"
    osaka.save()
    monkeypatch.setattr(caching, "_KEPT", OrderedDict())
    assert ">Osaka-fu</option>" in client.get("/en/partnerships/").content.decode()
    client.logout()
    assert ">Osaka-fu</option>" in client.get("/en/partnerships/").content.decode()
