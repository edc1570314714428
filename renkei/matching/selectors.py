"""Reads of matching that span models: suggestions with their reasons, the relay's status table."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from renkei.lib import generations
from renkei.lib.caching import kept
from renkei.lib.text import listed
from renkei.matching import engine, indexing
from renkei.matching.models import Dismissal, Introduction, Need, Offer, Programme, ProgrammeTarget
from renkei.organisations.models import Organisation
from renkei.registry.models import SCOPE as REGISTRY
from renkei.registry.models import LocalGovernment
from renkei.registry.regions import Region

# Ranked before visibility and dismissals are applied, so a few hidden ones leave enough.
OVERFETCH = 3


@dataclass
class Suggestion:
    type: str  # "offer", "need" or "programme"
    obj: Need | Offer | Programme
    score: float
    parts: dict[str, float]
    themes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        """「テーマ：観光、文化」「キーワード：伝統工芸」「地域：近畿」, or "themes: Tourism, Culture" in English.

        Every suggestion has one: with no theme, word or region in common, what made it rank.
        """
        reasons = []
        if self.themes:
            reasons.append(_("themes: %(list)s") % {"list": listed(self.themes)})
        if self.words:
            reasons.append(_("words: %(list)s") % {"list": listed(self.words)})
        if self.regions:
            reasons.append(_("region: %(list)s") % {"list": listed(self.regions)})
        if not reasons:
            closest = max(("text", "size"), key=lambda part: engine.WEIGHTS[part] * self.parts.get(part, 0.0))
            reasons.append(_("a similar description") if closest == "text" else _("a similar size"))
        return reasons

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _prefecture_names() -> dict[str, tuple[str, str]]:
    """(Japanese, English) name of each prefecture by two-digit code, kept until the registry changes."""

    def read() -> dict[str, tuple[str, str]]:
        return {
            code[:2]: (name, name_en)
            for code, name, name_en in LocalGovernment.objects.prefectures().values_list("code", "name", "name_en")
        }

    return kept("matching-prefecture-names", read, 86400, scopes=(REGISTRY,))


def _region_names(codes: list[str]) -> list[str]:
    english = (get_language() or "ja").startswith("en")
    labels = dict(Region.choices)
    names = []
    for code in codes:
        if code.startswith("p:"):
            name = _prefecture_names().get(code[2:])
            if name:
                names.append(name[1] if english else name[0])
        elif code in labels:
            names.append(str(labels[code]))
    return names


def _theme_names(slugs: list[str], taxonomy: engine.Taxonomy) -> list[str]:
    english = (get_language() or "ja").startswith("en")
    themes = taxonomy.by_slug()
    return [(themes[s].name_en if english else themes[s].name_ja) for s in slugs if s in themes]


def _chosen(obj) -> set[str]:
    return {theme.slug for theme in obj.themes.all()}


def _text(obj) -> str:
    if isinstance(obj, Offer):
        return f"{obj.title}\n{obj.description}\n{obj.examples}"
    if isinstance(obj, Programme):
        return f"{obj.agency}\n{obj.title}\n{obj.description}\n{obj.eligibility}"
    return f"{obj.title}\n{obj.description}"


def _dismissed(organisation: Organisation | None) -> set[tuple[str, int]]:
    if organisation is None:
        return set()
    return set(Dismissal.objects.filter(organisation=organisation).values_list("kind", "object_id"))


def _suggest(
    query: engine.Doc,
    kind: str,
    queryset,
    *,
    user,
    dismissed,
    limit: int,
    regional: bool = True,
    analysed: engine.Analysed | None = None,
    reasons: engine.Reasons | None = None,
) -> list[Suggestion]:
    taxonomy = indexing.taxonomy()
    excluded = [object_id for dismissed_kind, object_id in dismissed if dismissed_kind == kind]
    matches = engine.rank(
        query,
        kind,
        engine.DatabaseIndex(),
        taxonomy,
        limit=limit * OVERFETCH,
        regional=regional,
        exclude_ids=excluded,
        analysed=analysed,
    )
    # Visibility is the model's, as on every list: members' needs never reach others this way.
    found = (
        queryset.visible_to(user)
        .select_related("organisation")
        .prefetch_related("themes")
        .in_bulk([m.id for m in matches])
    )
    suggestions = []
    reasons = reasons or engine.Reasons(query.text, taxonomy)
    for match in matches:
        obj = found.get(match.id)
        if obj is None:
            continue
        suggestions.append(
            Suggestion(
                kind,
                obj,
                match.score,
                match.parts,
                # Only the themes both authors chose, not those read from the text.
                themes=_theme_names([s for s in match.themes if s in query.themes and s in _chosen(obj)], taxonomy),
                words=reasons.words(_text(obj)),
                regions=_region_names([r for r in match.regions if not r.startswith("p:")] or match.regions),
            )
        )
        if len(suggestions) >= limit:
            break
    return suggestions


def need_suggestions(need: Need, *, user, viewer: Organisation | None, limit: int = 6) -> dict[str, list[Suggestion]]:
    """Offers for a need, and municipalities elsewhere with a similar need (共創 across regions)."""
    query = indexing.need_doc(need)
    dismissed = _dismissed(viewer)
    taxonomy = indexing.taxonomy()
    # The need is read once for both lists.
    analysed = engine.analyse(query, taxonomy)
    reasons = engine.Reasons(query.text, taxonomy)
    offers = Offer.objects.filter(status=Offer.Status.OPEN)
    return {
        "offers": _suggest(
            query, "offer", offers, user=user, dismissed=dismissed, limit=limit, analysed=analysed, reasons=reasons
        ),
        "partners": _suggest(
            query,
            "need",
            Need.objects.open(),
            user=user,
            dismissed=dismissed,
            limit=limit,
            regional=False,
            analysed=analysed,
            reasons=reasons,
        ),
    }


def offer_suggestions(offer: Offer, *, user, viewer: Organisation | None, limit: int = 8) -> list[Suggestion]:
    """Needs an offer answers, best first."""
    query = indexing.offer_doc(offer)
    return _suggest(query, "need", Need.objects.open(), user=user, dismissed=_dismissed(viewer), limit=limit)


def programme_suggestions(organisation: Organisation, *, user, limit: int = 5) -> list[Suggestion]:
    """Programmes that fit a municipality: ranked against all its open needs together."""
    needs = list(Need.objects.open().filter(organisation=organisation).prefetch_related("themes")[:20])
    if not needs:
        return []
    query = engine.Doc(
        "organisation",
        organisation.pk,
        "\n".join(f"{n.title}\n{n.description}" for n in needs),
        frozenset(t.slug for n in needs for t in n.themes.all()),
        indexing.organisation_regions(organisation),
        "",
        organisation.pk,
    )
    return _suggest(
        query, "programme", Programme.objects.all(), user=user, dismissed=_dismissed(organisation), limit=limit
    )


@dataclass(frozen=True)
class RelayFacts:
    """What the status page needs of its programme, and the version its cached parts are kept under."""

    pk: int
    title: str
    organisation_id: int
    organisation_kind: str
    network_slug: str  # its secretariat is read from the network's kept row, which its changes renew
    version: str


def relay_scope(programme_id: int) -> str:
    """The generation of a programme's status page: its marks and the programme itself."""
    return f"programme-relay:{programme_id}"


def relay_facts(programme_id: int) -> RelayFacts | None:
    """The programme's publisher, network, title and relay version, kept until it changes.

    The status page is opened again and again while marks come in; this spares it the programme's
    row. Kept under the programme's relay generation, which ``relay_forget`` bumps whenever a mark
    or the programme changes, or the programme is deleted.
    """

    def read() -> RelayFacts | None:
        row = (
            Programme.objects.filter(pk=programme_id)
            .values_list("title", "organisation_id", "organisation__kind", "network__slug", "relay_changed_at")
            .first()
        )
        if row is None:
            return None
        title, organisation_id, kind, network_slug, changed_at = row
        return RelayFacts(programme_id, title, organisation_id, kind, network_slug, str(changed_at.timestamp()))

    return kept(f"matching:relay-facts:{programme_id}", read, 86400, scopes=(relay_scope(programme_id),))


def relay_forget(programme_id: int) -> None:
    generations.bump(relay_scope(programme_id))


def programme_status_rows(programme: Programme | RelayFacts):
    """Every targeted organisation with its mark, by prefecture code then name: the status table."""
    return (
        ProgrammeTarget.objects.filter(programme_id=programme.pk)
        .select_related("organisation__local_government__prefecture")
        .order_by("organisation__local_government_id", "organisation_id")
    )


def programme_status_counts(programme: Programme | RelayFacts) -> dict[str, int]:
    counts = dict(
        ProgrammeTarget.objects.filter(programme_id=programme.pk)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in ProgrammeTarget.Status.values}


def targeted_programmes(organisation: Organisation):
    """The programmes addressed to an organisation, newest first, each with its mark (unread, read…)."""
    return (
        ProgrammeTarget.objects.filter(organisation=organisation)
        .select_related("programme__organisation")
        .order_by("-programme__created_at", "-programme_id")
    )


def programmes_to_mark(organisation_ids, *, limit: int, today=None) -> list[ProgrammeTarget]:
    """Programmes relayed to these organisations that they have not marked yet (considering or
    applying), whose deadline has not passed; soonest deadline first (one query)."""
    from django.db.models import F, Q
    from django.utils import timezone

    today = today or timezone.localdate()
    return list(
        ProgrammeTarget.objects.filter(
            organisation_id__in=list(organisation_ids),
            status__in=[ProgrammeTarget.Status.UNREAD, ProgrammeTarget.Status.READ],
            programme__is_draft=False,
        )
        .filter(Q(programme__deadline__isnull=True) | Q(programme__deadline__gte=today))
        .select_related("programme", "organisation")
        .order_by(F("programme__deadline").asc(nulls_last=True), "-programme__created_at", "id")[:limit]
    )


def introductions_waiting(organisation_ids, *, limit: int) -> list[Introduction]:
    """Introductions asked of these organisations and not answered yet, oldest first (one query)."""
    return list(
        Introduction.objects.filter(recipient_id__in=list(organisation_ids), status=Introduction.Status.PENDING)
        .select_related("requester", "recipient")
        .order_by("created_at", "id")[:limit]
    )
