"""The national programmes the alliance's overview names (seed 001), relayed to its members for `make run`.

What each programme is comes from the seed: 文化庁 and 経済産業省's tour of crafts, the 2027
Belgrade and 2030 Riyadh expos, and the IR on 夢洲. Deadlines, targeting and each member's
mark are demo values (``is_demo``); nobody is emailed. Running it again changes nothing.
"""

import datetime
import itertools

from django.db import transaction
from django.utils import timezone

from renkei.matching import services
from renkei.matching.models import Programme, ProgrammeTarget, Theme
from renkei.networks.models import Network
from renkei.organisations.models import Staff

# (agency, title, description, theme slugs, days to the deadline, full members only, link)
PROGRAMMES = [
    (
        "文化庁・経済産業省",
        "地域に眠る伝統工芸品・地域産品を巡るツアーの実施",
        "スイス「アートバーゼル」に認定されている「アートコラボレーション京都」は毎年11月に開催されている。"
        "来場する富裕層向けに、日本の地域に眠るまだ知られていない伝統工芸品や地域産品を巡るツアー的なものを実施するなど"
        "今後検討予定。参加を検討する会員自治体は状況をお知らせください。",
        ["crafts", "tourism"],
        60,
        False,
        "",
    ),
    (
        "経済産業省・文部科学省",
        "2027年ベオグラード国際博覧会（認定博覧会）への参加",
        "開催地：セルビア共和国ベオグラード市。会期：2027年5月15日から2027年8月15日。テーマ：「人類のためのあそび"
        "〜すべての人のためのスポーツと音楽〜」（Play for humanity: Sport and Music for All）。"
        "バルカン半島西部で初の万博。"
        "インタラクティブな展示や研究、テーマプログラムを通じて、人々と国々をつなぎ、革新と遊びを共に祝う体験を提供する。",
        ["international", "sports", "culture"],
        90,
        True,
        "",
    ),
    (
        "経済産業省",
        "2030年リヤド国際博覧会（登録博覧会）に向けた地域の魅力発信",
        "開催地：サウジアラビア王国リヤド。会期：2030年10月1日から2031年3月31日。テーマ：「変化の時代：共に先見性のある"
        "明日へ」。「大阪・関西万博」の次の5年に一度の博覧会で、2030年までに完成予定の未来都市プロジェクトに焦点を当てた"
        "広範なキャンペーンを展開する。",
        ["international", "tourism"],
        180,
        True,
        "",
    ),
    (
        "大阪府・大阪市",
        "IR（大阪・夢洲）魅力増進施設のショーケースでの自治体プロモーション",
        "大阪・夢洲地区特定複合観光施設区域（IR）の魅力増進施設では、国内外からの来訪者に多様なショーケースを通じて"
        "日本の観光魅力を発信し、自治体・DMOがIR来訪者に直接プロモーションを行うことのできる場を提供する。"
        "万博レガシーとして形になったLOCAL JAPAN展のコンテンツの活用も想定している。",
        ["tourism", "culture", "events"],
        120,
        False,
        "",
    ),
]

CRAFTS_BRANDING = "伝産品・工芸品の発掘、磨き上げ事業との連携"

# The marks a relay shows after a few weeks: most targets have not opened it yet.
MARKS = [
    ProgrammeTarget.Status.APPLYING,
    ProgrammeTarget.Status.CONSIDERING,
    ProgrammeTarget.Status.READ,
    ProgrammeTarget.Status.CONSIDERING,
    ProgrammeTarget.Status.READ,
]


def _mark(programme: Programme, count: int, offset: int) -> None:
    targets = list(
        ProgrammeTarget.objects.filter(programme=programme).select_related("organisation").order_by("organisation_id")
    )
    marks = itertools.cycle(MARKS[offset:] + MARKS[:offset])
    for target in targets[offset : offset + count]:
        services.programme_target_set_status(programme=programme, organisation=target.organisation, status=next(marks))


@transaction.atomic
def programmes_seed(alliance: Network) -> list[Programme]:
    """Relay the seed's national programmes to ``alliance``'s members and give some of them marks."""
    published = []
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    full = alliance.tiers.order_by("order").first()
    secretariat = Staff.objects.filter(organisation=alliance.secretariat).order_by("id").first()
    for offset, (agency, title, description, slugs, days, full_only, link) in enumerate(PROGRAMMES):
        if Programme.objects.filter(network=alliance, title=title).exists():
            continue
        programme = services.programme_create(
            organisation=alliance.secretariat,
            author=secretariat.user if secretariat else None,
            network=alliance,
            agency=agency,
            title=title,
            description=description,
            eligibility="正会員（デモ用の条件です）" if full_only else "会員自治体（デモ用の条件です）",
            deadline=timezone.localdate() + datetime.timedelta(days=days),
            link=link,
            themes=[themes[slug] for slug in slugs],
            target_tiers=[full] if full_only else [],
            visibility=Programme.Visibility.MEMBERS,
            announce=False,  # demo content is nobody's news
        )
        Programme.objects.filter(pk=programme.pk).update(is_demo=True)
        _mark(programme, 12, offset)
        published.append(programme)
    # The crafts branding programme of matching.seed gets its marks too, once.
    crafts = Programme.objects.filter(network=alliance, title=CRAFTS_BRANDING).first()
    if crafts is not None and not crafts.targets.exclude(status=ProgrammeTarget.Status.UNREAD).exists():
        _mark(crafts, 8, 0)
    return published
