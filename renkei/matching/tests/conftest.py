import pytest

from renkei.matching import services
from renkei.matching.models import Need, Theme
from renkei.organisations.models import Organisation
from renkei.testing import OrganisationFactory, UserFactory, build_world, staff


@pytest.fixture
def world(db):
    """The personas, an agency with its staff (Erin), and a need of each municipality and an offer of Dave's."""
    world = build_world()
    world.agency_org = OrganisationFactory(kind=Organisation.Kind.NATIONAL_AGENCY, name="経済産業省", name_en="METI")
    world.erin = UserFactory(email="erin@example.jp", name="経産 エリン")
    staff(world.erin, world.agency_org)
    themes = {t.slug: t for t in Theme.objects.all()}
    world.themes = themes
    world.public_need = services.need_create(
        organisation=world.alice_org,
        author=world.alice,
        title="伝産品・工芸品の磨き上げ",
        description="市内の伝統工芸品に世界に通じるストーリーがありません。価値の言語化とブランディングを一緒に行う企業を探しています。",
        themes=[themes["crafts"], themes["branding"]],
        partner_kinds=["company"],
        scale="medium",
        visibility=Need.Visibility.PUBLIC,
    )
    world.members_need = services.need_create(
        organisation=world.bob_org,
        author=world.bob,
        title="会員限定：伝統工芸の海外発信",
        description="伝統工芸の職人の技を海外に発信し、ブランディングを進めたい。",
        themes=[themes["crafts"]],
        scale="medium",
        visibility=Need.Visibility.MEMBERS,
    )
    world.offer = services.offer_create(
        organisation=world.company_org,
        author=world.dave,
        title="Brand stories for traditional crafts",
        description="We help traditional crafts producers put their value into words (価値の言語化) and tell "
        "a brand story to buyers abroad: ブランディング, naming and English materials.",
        themes=[themes["branding"]],
        regions=["kinki"],
        scale="medium",
    )
    return world


@pytest.fixture(autouse=True)
def commit_at_once(monkeypatch):
    """Run what the services leave for after the commit at once: tests run inside one transaction."""
    monkeypatch.setattr("renkei.matching.services.on_commit", lambda callback, *args, **kwargs: callback())
