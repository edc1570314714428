"""Demo content for `make run` from the seed documents (MOFA's Monthly Glocal News, the 23 wards' project)."""

import datetime

from renkei.organisations.models import Organisation
from renkei.organisations.services import organisation_for_government
from renkei.partnerships.models import Activity, Partnership
from renkei.partnerships.services import (
    Parties,
    activity_create,
    overseas_government_get_or_create,
    partnership_create,
    profile_save,
)
from renkei.registry.models import LocalGovernment

GLOCAL_NEWS = "外務省 Monthly Glocal News, September 2023 (Local Partnership Cooperation Division, MOFA)"


def _government(name: str, prefecture: str | None = None) -> LocalGovernment:
    if prefecture is None:
        return LocalGovernment.objects.get(name=name, kind=LocalGovernment.Kind.PREFECTURE)
    return LocalGovernment.objects.get(name=name, prefecture__name=prefecture)


def partnerships_seed(networks: dict) -> None:
    """Add the demo content; ``networks`` holds "alliance", "project" and "clair"."""
    if Partnership.objects.exists():
        return
    willich = overseas_government_get_or_create(
        name="Willich", name_en="Willich", name_kana="ヴィリッヒ", country="DE", level="city"
    )
    digne = overseas_government_get_or_create(
        name="Digne-les-Bains", name_en="Digne-les-Bains", name_kana="ディーニュ・レ・バン", country="FR", level="city"
    )
    queensland = overseas_government_get_or_create(
        name="Queensland", name_en="Queensland", name_kana="クイーンズランド", country="AU", level="state"
    )
    marugame = _government("丸亀市", "香川県")
    kamaishi = _government("釜石市", "岩手県")
    osaka = _government("大阪府")

    partnership_create(
        user=None,
        parties=Parties(local_governments=[marugame], overseas_governments=[willich]),
        kind=Partnership.Kind.SISTER_CITY,
        established_on=datetime.date(2023, 7, 1),
        established_precision=Partnership.Precision.MONTH,
        status=Partnership.Status.ACTIVE,
        description_ja=(
            "2023年7月、ドイツ・ノルトライン＝ヴェストファーレン州のヴィリッヒ市と香川県丸亀市が姉妹都市提携を結んだ。"
            "以来、学生や市民レベルの交流を通じて友好関係を築いている。両市長による調印と、友好の木（エンジュ）の記念植樹が行われた。"
        ),
        description_en=(
            "In July 2023 the City of Willich in North Rhine-Westphalia, Germany, and the City of Marugame in Kagawa "
            "Prefecture established a sister city relationship, and have since built it through exchanges at the "
            "student and citizen levels. The mayors signed the agreement and planted a friendship tree (Japanese "
            "pagoda tree)."
        ),
        sources=GLOCAL_NEWS,
    )
    partnership_create(
        user=None,
        parties=Parties(local_governments=[kamaishi], overseas_governments=[digne]),
        kind=Partnership.Kind.SISTER_CITY,
        established_on=datetime.date(1994, 1, 1),
        established_precision=Partnership.Precision.YEAR,
        status=Partnership.Status.ACTIVE,
        description_ja=(
            "岩手県釜石市とフランスのディーニュ・レ・バン市の姉妹都市提携。提携当初からラベンダーを通じた交流を、"
            "ロクシタンジャポンなど複数の企業の協力を得て続けている。2024年に30周年を迎えた。"
        ),
        description_en=(
            "Sister cities since 1994. From the start both cities have kept up an exchange through lavender, with "
            "the help of several companies including L'OCCITANE JAPON K.K.; they celebrated the 30th anniversary in "
            "2024."
        ),
        sources=GLOCAL_NEWS,
    )
    partnership_create(
        user=None,
        parties=Parties(local_governments=[osaka], overseas_governments=[queensland]),
        kind=Partnership.Kind.ECONOMIC,
        established_on=datetime.date(2023, 7, 1),
        established_precision=Partnership.Precision.MONTH,
        status=Partnership.Status.ACTIVE,
        description_ja=(
            "2023年7月、クイーンズランド州のパラシェ首相が来阪し、吉村大阪府知事と貿易・投資・文化・教育分野での関係拡大について"
            "意見交換を行った。（日付はこの会談の月）"
        ),
        description_en=(
            "In July 2023 Premier Palaszczuk of Queensland visited Osaka and exchanged views with Governor Yoshimura "
            "on expanding relations in trade, investment, culture and education. (The date recorded is that of the "
            "meeting.)"
        ),
        sources=GLOCAL_NEWS,
    )
    wards = Organisation.objects.filter(name_ja="特別区長会").first() or Organisation.objects.create(
        kind=Organisation.Kind.ASSOCIATION,
        name_ja="特別区長会",
        name_en="Special Ward Mayors' Association of Tokyo",
        name_kana="とくべつくちょうかい",
    )
    insurer = Organisation.objects.filter(name_ja="三井住友海上火災保険株式会社").first()
    if insurer is not None:
        partnership_create(
            user=None,
            parties=Parties(organisations=[wards, insurer]),
            kind=Partnership.Kind.COMPREHENSIVE,
            established_on=datetime.date(2019, 9, 11),
            established_precision=Partnership.Precision.DAY,
            status=Partnership.Status.ACTIVE,
            description_ja=(
                "特別区長会と三井住友海上火災保険株式会社は、令和元年9月11日に包括連携協定を締結。"
                "経営サポートセンターの活用や被災者生活再建支援サポートなど、幅広い分野で特別区全国連携プロジェクトの推進に取り組んでいる。"
            ),
            description_en=(
                "Signed on 11 September 2019. Since then the two have worked together across many fields, from the "
                "use of the company's business support centre to support for disaster victims rebuilding their lives."
            ),
            sources="特別区全国連携プロジェクト 全国連携NEWS",
        )

    kitakyushu = organisation_for_government(_government("北九州市", "福岡県"))
    activity_create(
        user=None,
        organisation=kitakyushu,
        kind=Activity.Kind.STUDY_TOUR,
        title_ja="外交団北九州市視察ツアー",
        title_en="Diplomats' Study Tour in the City of Kitakyushu",
        starts_on=datetime.date(2023, 7, 18),
        ends_on=datetime.date(2023, 7, 19),
        place_ja="北九州市（TOTOミュージアム、関門海峡ほか）",
        place_en="Kitakyushu (TOTO Museum, the Kanmon Straits and more)",
        participant_count=10,
        participant_country_count=8,
        description_ja=(
            "外務省が北九州市と共に実施。大使を含む8か国10名が各地を視察し、歴史、文化、食、地場産品、産業など地域の魅力が紹介された。"
            "竹内市長主催の夕食会、関門海峡での釣り体験も行われた。"
        ),
        description_en=(
            "Conducted by the Ministry of Foreign Affairs with the City of Kitakyushu. 10 participants including "
            "Ambassadors from 8 countries visited sites and facilities; history, culture, food, local products and "
            "industries were introduced, with a dinner hosted by Mayor Takeuchi and fishing in the Kanmon Straits."
        ),
    )
    profile_save(
        government=_government("南砺市", "富山県"),
        user=None,
        countries_wanted="FR IT",
        regions_wanted="ヨーロッパ",
        overview_ja="富山県の南西部に位置し、世界遺産の五箇山合掌造り集落や木彫りの里・井波を擁する市です。",
        overview_en=(
            "A city in south-west Toyama with the World Heritage villages of Gokayama and the woodcarving town Inami."
        ),
        conditions_ja="伝統工芸や農村景観を生かした市民・学生交流を継続できる都市",
        pr_text_ja="合掌造り集落での民泊体験や木彫り体験を用意できます。",
        is_open=True,
    )
