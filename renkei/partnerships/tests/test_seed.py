from django.contrib.auth.models import AnonymousUser

from renkei.organisations.models import Organisation
from renkei.partnerships.models import Activity, PartnerProfile, Partnership
from renkei.partnerships.seed import partnerships_seed


def test_the_demo_holds_the_seeds_partnerships_and_the_study_tour(db):
    Organisation.objects.create(kind=Organisation.Kind.COMPANY, name_ja="三井住友海上火災保険株式会社", name_en="MS")
    partnerships_seed({})
    shown = {p.established_display for p in Partnership.objects.visible_to(AnonymousUser())}
    assert shown == {"2023年7月", "1994年", "2019年9月11日"}
    assert Partnership.objects.count() == 4
    tour = Activity.objects.get()
    assert (tour.participant_count, tour.country_total) == (10, 8)
    assert PartnerProfile.objects.count() == 1
    partnerships_seed({})  # a second run adds nothing
    assert Partnership.objects.count() == 4
