"""Task workers' signs of life: a worker whose heartbeat lapsed is gone, and its work is taken back."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.lib.leases import lapsed_before


class HeartbeatQuerySet(models.QuerySet):
    def live(self, now=None):
        """Workers that showed a sign of life within RENKEI_CLAIM_LEASE."""
        return self.filter(beat_at__gte=lapsed_before(now))


class Heartbeat(models.Model):
    """One running task worker (`manage.py db_worker`), renewed every third of the lease while it runs."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    beat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)

    objects = HeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return self.worker_id
