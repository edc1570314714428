"""Keeping the engine's index (MatchDocument, MatchTerm, MatchTermStat) in step with the objects."""

from django.db.models import F

from renkei.lib import generations
from renkei.lib.caching import kept
from renkei.matching import engine
from renkei.matching.models import MatchDocument, MatchTerm, MatchTermStat, Need, Offer, Programme
from renkei.organisations.models import Organisation
from renkei.registry.regions import REGION_OF_PREFECTURE

# The generation of the Theme table: it changes a few times a year, in the admin.
TAXONOMY = "matching:taxonomy"


def taxonomy() -> engine.Taxonomy:
    """The taxonomy of the Theme table, kept until it changes."""
    return kept("matching-taxonomy", engine.database_taxonomy, 600, scopes=(TAXONOMY,))


def taxonomy_changed() -> None:
    generations.bump(TAXONOMY)


def organisation_regions(organisation: Organisation) -> frozenset[str]:
    """Where an organisation is: its region and "p:<prefecture code>"."""
    code = None
    if organisation.local_government_id:
        code = organisation.local_government_id[:2]
    elif organisation.prefecture_id:
        code = organisation.prefecture_id[:2]
    if code is None:
        return frozenset()
    return frozenset([str(REGION_OF_PREFECTURE[code]), f"p:{code}"])


def _theme_slugs(obj) -> frozenset[str]:
    return frozenset(theme.slug for theme in obj.themes.all())


def need_doc(need: Need) -> engine.Doc:
    return engine.Doc(
        "need",
        need.pk,
        f"{need.title}\n{need.description}",
        _theme_slugs(need),
        organisation_regions(need.organisation),
        need.scale,
        need.organisation_id,
    )


def offer_doc(offer: Offer) -> engine.Doc:
    regions = set(offer.regions) | {f"p:{p.code[:2]}" for p in offer.prefectures.all()}
    return engine.Doc(
        "offer",
        offer.pk,
        f"{offer.title}\n{offer.description}\n{offer.examples}",
        _theme_slugs(offer),
        frozenset(regions),
        offer.scale,
        offer.organisation_id,
    )


def programme_doc(programme: Programme) -> engine.Doc:
    regions = set(programme.target_regions) | {f"p:{p.code[:2]}" for p in programme.target_prefectures.all()}
    return engine.Doc(
        "programme",
        programme.pk,
        f"{programme.agency}\n{programme.title}\n{programme.description}\n{programme.eligibility}",
        _theme_slugs(programme),
        frozenset(regions),
        "",
        programme.organisation_id,
    )


def index_remove(kind: str, object_id: int) -> None:
    """Take a document out of the index, and its terms out of the document frequencies."""
    document = MatchDocument.objects.filter(kind=kind, object_id=object_id).first()
    if document is None:
        return
    terms = list(MatchTerm.objects.filter(document=document).values_list("term", flat=True))
    MatchTermStat.objects.filter(kind=kind, term__in=terms).update(df=F("df") - 1)
    document.delete()
    generations.bump(engine.documents_scope(kind))


def index_doc(doc: engine.Doc) -> MatchDocument:
    """Put a document (anew) into the index; callers run it inside their transaction."""
    index_remove(doc.kind, int(doc.id))
    analysed = engine.analyse(doc, taxonomy())
    weights = engine.postings(analysed)
    document = MatchDocument.objects.create(
        kind=doc.kind,
        object_id=doc.id,
        organisation_id=doc.organisation_id,
        themes=" ".join(sorted(analysed.themes))[:500],
        regions=" ".join(sorted(doc.regions))[:500],
        scale=doc.scale,
        length=analysed.length,
    )
    MatchTerm.objects.bulk_create(
        [MatchTerm(document=document, kind=doc.kind, term=term, weight=weight) for term, weight in weights.items()]
    )
    known = set(MatchTermStat.objects.filter(kind=doc.kind, term__in=list(weights)).values_list("term", flat=True))
    MatchTermStat.objects.filter(kind=doc.kind, term__in=known).update(df=F("df") + 1)
    MatchTermStat.objects.bulk_create(
        [MatchTermStat(kind=doc.kind, term=term, df=1) for term in weights if term not in known]
    )
    generations.bump(engine.documents_scope(doc.kind))
    return document
