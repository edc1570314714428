"""One search index over everything Renkei lets people find (posts, events, news, partnerships,
organisations…).

Each searchable object has one SearchEntry holding its title, body, visibility and the tokens
of ``renkei.lib.japanese.tokenise``; the database indexes those tokens (see ``db.py``): an FTS5
table on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from renkei.lib.visibility import NOTHING, VisibleModel, VisibleQuerySet


class SearchEntryQuerySet(VisibleQuerySet):
    """Entries carry the network and visibility their owning model gave them, and are found by the
    same declared rule. What is not published by its model's rule (a draft, a hidden post) has no
    entry at all (``renkei.search.services.search_sync``). A kind registered with ``visible_to``
    also opens its members' entries to whoever its model lets see the object."""

    def also_visible(self, audience) -> Q:
        from renkei.search import registry

        found = NOTHING
        for kind in registry.types().values():
            if kind.visible_to is None or audience.is_anonymous:
                continue
            app_label, _dot, model = kind.name.partition(".")
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
            # object_id is text (it also holds codes): compare with the ids as text. Read first, as
            # a list: a subquery among the OR'ed conditions hides from PostgreSQL's planner how few
            # entries a rare word matches, and it then walks the whole index of a million entries.
            ids = list(kind.visible_to(audience).values_list(Cast("pk", models.CharField()), flat=True))
            if ids:
                found |= Q(visibility=SearchEntry.Visibility.MEMBERS, content_type=content_type, object_id__in=ids)
        return found


class SearchEntry(VisibleModel, models.Model):
    """What search knows of one object; kept current by ``renkei.search.services``."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        SIGNED_IN = "signed_in", _("Signed-in users")
        MEMBERS = "members", _("Members of the network")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    # A string, so that objects keyed by codes (the registry's local governments) fit too.
    object_id = models.CharField(_("object ID"), max_length=64)
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entries",
        verbose_name=_("network"),
    )
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility.choices)
    title = models.CharField(_("entry title"), max_length=500)
    title_en = models.CharField(_("entry title (English)"), max_length=500, blank=True)
    # The day the object is about: an event's day, an article's publication; shown with the result.
    happens_on = models.DateField(_("date"), null=True, blank=True)
    body = models.TextField(_("body"), blank=True)
    # Space-separated tokens of title and body; what the database's full-text index reads.
    tokens = models.TextField(_("tokens"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique"),
        ]
        indexes = [models.Index(fields=["network", "visibility"], name="search_entry_network_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language: English when the object has an English title."""
        if self.title_en and not (get_language() or "ja").startswith("ja"):
            return self.title_en
        return self.title

    @property
    def display_date(self):
        return self.happens_on or timezone.localdate(self.updated_at)
