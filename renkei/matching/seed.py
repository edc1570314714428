"""Demo content for `make run` from the seed documents.

The needs are the seed's examples (伝産品・工芸品の磨き上げ, 遊休施設の活用, オーバーツーリズム,
関係人口 with the Tokyo wards); which municipality posts each, the companies' offers and the
wording are invented for the demo and marked as such (``is_demo``). The programme is the
seed's 経済産業省 example, relayed to the alliance's members in 近畿.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from renkei.lib.demo import demo_user
from renkei.matching import services
from renkei.matching.models import Introduction, Need, Offer, Programme, Theme
from renkei.organisations.models import Organisation, Staff
from renkei.organisations.services import organisation_for_government
from renkei.registry.models import LocalGovernment

NEEDS = [
    (
        ("松原市", "大阪府"),
        "伝産品・工芸品の磨き上げ：価値の言語化とブランドストーリー",
        "市内の伝統工芸品や地場産品には、海外に伝わるストーリーがまだありません。職人への聞き取りから「価値の言語化」を行い、"
        "海外に向けたブランディングを一緒に進める企業・大学を探しています。（デモ用の文章です）",
        ["crafts", "branding"],
        ["company", "university"],
        "medium",
        "public",
    ),
    (
        ("南砺市", "富山県"),
        "遊休施設を活用した展示会・イベントの開催",
        "閉校した学校の体育館や旧庁舎が使われていません。地域の特色を掛け合わせた展示会やイベントの会場として活用する事業者を"
        "探しています。（デモ用の文章です）",
        ["facilities", "events"],
        ["company"],
        "medium",
        "members",
    ),
    (
        ("京都市", "京都府"),
        "オーバーツーリズム対策：観光客の分散と周遊",
        "東山エリアに外国人観光客が集中し、住民との調和が課題です。「海の京都」「森の京都」など周辺エリアへの分散と周遊を"
        "促す仕組みを、DMOや企業と一緒に考えたい。（デモ用の文章です）",
        ["overtourism", "tourism"],
        ["company", "municipality"],
        "large",
        "public",
    ),
    (
        ("須崎市", "高知県"),
        "東京の特別区との関係人口づくり",
        "特別区の区民に当市を知ってもらい、関係人口を増やしたい。交流イベントやふるさと納税、ワーケーションを通じた継続的な"
        "関わりを求めています。（デモ用の文章です）",
        ["relationship-population"],
        ["municipality", "company", "npo"],
        "small",
        "public",
    ),
]

OFFERS = [
    (
        "デモ地域企画株式会社",
        "Brand stories for traditional crafts",
        "We help traditional crafts producers put their value into words and tell a brand story to buyers abroad: "
        "interviews with artisans, naming, packaging and English materials. (Demo text.)",
        ["crafts", "branding"],
        ["kinki", "chubu"],
        "medium",
        "Workshops with lacquerware and textile makers (demo).",
    ),
    (
        "デモ地域企画株式会社",
        "遊休施設を会場にした展示会の企画運営",
        "廃校や旧庁舎などの遊休施設を会場に、地域の特色を生かした展示会やイベントを企画・運営します。（デモ用の文章です）",
        ["facilities", "events"],
        [],
        "medium",
        "",
    ),
    (
        "三井住友海上火災保険株式会社",
        "防災・被災者の生活再建支援のノウハウ提供",
        "災害時の被災者生活再建支援や、中小企業の経営サポートについて、自治体との連携の経験を生かしてご提案します。"
        "（デモ用の文章です。実在の企業の提供内容ではありません）",
        ["disaster"],
        [],
        "large",
        "",
    ),
    (
        "デモ地域企画株式会社",
        "Visitor flow analytics to ease overtourism",
        "With anonymised location data we show where crowding happens and design routes that spread visitors to "
        "quieter areas. (Demo text.)",
        ["overtourism"],
        [],
        "medium",
        "",
    ),
]


def _organisation(name: str, prefecture: str) -> Organisation:
    return organisation_for_government(LocalGovernment.objects.get(name=name, prefecture__name=prefecture))


def _company(name: str) -> Organisation:
    organisation = Organisation.objects.filter(name_ja=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(kind=Organisation.Kind.COMPANY, name_ja=name, name_en=name)
    return organisation


def _agency():
    agency = Organisation.objects.filter(kind=Organisation.Kind.NATIONAL_AGENCY, name_ja="経済産業省").first()
    if agency is None:
        agency = Organisation.objects.create(
            kind=Organisation.Kind.NATIONAL_AGENCY,
            name_ja="経済産業省",
            name_en="Ministry of Economy, Trade and Industry",
            name_kana="けいざいさんぎょうしょう",
        )
    user = demo_user("meti", "デモ 経産")
    Staff.objects.get_or_create(user=user, organisation=agency)
    return agency, user


@transaction.atomic
def matching_seed(networks: dict) -> None:
    """Add the demo content; ``networks`` holds "alliance", "project" and "clair"."""
    if Need.objects.filter(is_demo=True).exists():
        return
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    needs = []
    for (name, prefecture), title, description, slugs, partners, scale, visibility in NEEDS:
        need = services.need_create(
            organisation=_organisation(name, prefecture),
            author=None,
            title=title,
            description=description,
            themes=[themes[s] for s in slugs],
            partner_kinds=partners,
            scale=scale,
            visibility=visibility,
            timeline="this_year",
        )
        Need.objects.filter(pk=need.pk).update(is_demo=True)
        needs.append(need)
    offers = []
    for company, title, description, slugs, regions, scale, examples in OFFERS:
        offer = services.offer_create(
            organisation=_company(company),
            author=None,
            title=title,
            description=description,
            themes=[themes[s] for s in slugs],
            regions=regions,
            scale=scale,
            examples=examples,
        )
        Offer.objects.filter(pk=offer.pk).update(is_demo=True)
        offers.append(offer)

    agency, agency_user = _agency()
    alliance = networks["alliance"]
    programme = services.programme_create(
        organisation=agency,
        author=agency_user,
        network=alliance,
        agency="経済産業省",
        title="伝産品・工芸品の発掘、磨き上げ事業との連携",
        description="日本の工芸品などの海外に向けたブランディング。工芸や祭りなど日本の地域にある宝について「価値の言語化」を行い、"
        "ブランディングを行うための研究会と実証事業等。",
        eligibility="近畿の会員自治体（デモ用の条件です）",
        deadline=timezone.localdate() + datetime.timedelta(days=45),
        themes=[themes["crafts"], themes["branding"]],
        target_regions=["kinki"],
        visibility="members",
        announce=False,  # demo content is nobody's news
    )
    Programme.objects.filter(pk=programme.pk).update(is_demo=True)

    # One introduction already accepted, so the thread and the secretariat's record can be seen.
    introduction = Introduction.objects.create(
        requester=needs[0].organisation,
        recipient=offers[0].organisation,
        need=needs[0],
        offer=offers[0],
        message="伝統工芸のブランディングについてご相談させてください。（デモ）",
        status=Introduction.Status.ACCEPTED,
        decided_at=timezone.now(),
    )
    introduction.messages.create(
        organisation=offers[0].organisation, body="ぜひお打合せをお願いします。来週はいかがでしょうか。（デモ）"
    )
