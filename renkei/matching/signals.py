"""Keep the programme status page current when a programme or a mark changes outside the services
(the admin): its cached figures and table are kept under the programme's relay version."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renkei.lib.worklists import work_changed
from renkei.matching.models import Introduction, Programme, ProgrammeTarget
from renkei.matching.selectors import relay_forget
from renkei.matching.services import relay_touch


@receiver(post_save, sender=Programme)
def programme_saved(sender, instance, **kwargs) -> None:
    relay_touch(programme_id=instance.pk)


@receiver(post_delete, sender=Programme)
def programme_deleted(sender, instance, **kwargs) -> None:
    # Its status page and what is kept of it go with it.
    relay_forget(instance.pk)


# Saves only: a receiver of deletions would make deleting a programme delete its 1,788 targets
# one by one; a deleted target's row leaves with its programme.
@receiver(post_save, sender=ProgrammeTarget)
def target_changed(sender, instance, **kwargs) -> None:
    relay_touch(programme_id=instance.programme_id, organisations=[instance.organisation_id])


@receiver([post_save, post_delete], sender=Introduction)
def introduction_changed(sender, instance, **kwargs) -> None:
    # Waiting on the asked organisation's homes until it answers.
    work_changed(organisations=[instance.recipient_id])
