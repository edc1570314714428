"""Keeping a network's generation (and ``changed_at``) current, so kept network pages never outlive a change.

Whatever changes what a network's pages show or who may see them — its members, tiers,
officers, figures, the names, contacts and staff of member organisations, and the staff of
its secretariat — touches the network, whether the change comes from a service, an import or
the admin. Bulk writes of memberships, staff and networks go through ``AccessQuerySet``; other
writes that bypass signals call ``Network.objects.touch_for_organisations`` themselves.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renkei.lib.audience import access_changed
from renkei.lib.worklists import work_changed
from renkei.networks.models import Application, Invoice, Membership, Network, NetworkFigure, Officer, Tier
from renkei.organisations.models import Contact, Organisation, Staff


@receiver([post_save, post_delete], sender=Membership)
@receiver([post_save, post_delete], sender=Tier)
@receiver([post_save, post_delete], sender=Officer)
@receiver([post_save, post_delete], sender=NetworkFigure)
def network_part_changed(sender, instance, **kwargs):
    Network.objects.filter(pk=instance.network_id).touch()


@receiver([post_save, post_delete], sender=Application)
def application_changed(sender, instance, **kwargs):
    work_changed(networks=[instance.network_id])  # waiting on the secretariat's dashboard


@receiver([post_save, post_delete], sender=Invoice)
def invoice_changed(sender, instance, **kwargs):
    # Unpaid invoices show on the dashboard of the membership's network.
    network_id = Membership.objects.filter(pk=instance.membership_id).values_list("network_id", flat=True).first()
    work_changed(networks=[network_id])


@receiver([post_save, post_delete], sender=Contact)
def contact_changed(sender, instance, **kwargs):
    Network.objects.touch_for_organisations([instance.organisation_id])
    work_changed(organisations=[instance.organisation_id])  # contacts to confirm, on its staff's homes


@receiver(post_save, sender=Organisation)
def organisation_changed(sender, instance, created, **kwargs):
    if not created:
        Network.objects.touch_for_organisations([instance.pk])
        work_changed(organisations=[instance.pk])
        # Its kind decides what its staff may publish (matching/rules.py).
        access_changed()


@receiver([post_save, post_delete], sender=Staff)
def staff_changed(sender, instance, **kwargs):
    # Who may see a network's directory and manage it depends on who is on which staff.
    Network.objects.filter(
        Q(memberships__organisation_id=instance.organisation_id) | Q(secretariat_id=instance.organisation_id)
    ).touch()


@receiver([post_save, post_delete], sender=Membership)
@receiver([post_save, post_delete], sender=Staff)
def access_part_changed(sender, instance, **kwargs):
    # Who may see and do what: every kept audience is resolved afresh on its next request.
    access_changed()


@receiver(post_save, sender=Network)
@receiver(post_delete, sender=Network)
def network_changed(sender, instance, **kwargs):
    # A network's secretariat decides who runs it.
    access_changed()
