"""Who may record and edit partnerships, activities and profiles: shared by the views, forms and import.

Staff of an organisation that is a party edit directly; a network's secretariat edits the
partnerships of its active members, signed in with two factors. What people may *see* is
decided by the models' ``visible_to``.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from renkei.networks.access import SecondFactorRequired, user_has_second_factor
from renkei.networks.models import Membership
from renkei.organisations.models import Organisation, Staff
from renkei.partnerships.models import Activity, PartnerProfile, Partnership
from renkei.registry.models import LocalGovernment


def _organisations(user, *, secretariat: bool) -> set[int]:
    ids = set(Staff.objects.filter(user=user).values_list("organisation_id", flat=True))
    if secretariat:
        ids |= set(
            Membership.objects.filter(
                status=Membership.Status.ACTIVE, network__secretariat__staff__user=user
            ).values_list("organisation_id", flat=True)
        )
    return ids


def parties_editable(user, *, local_governments, organisations, secretariat: bool) -> bool:
    """Whether ``user`` may record a partnership between these parties (the rule of ``editable_by``)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    ids = _organisations(user, secretariat=secretariat)
    if any(organisation.pk in ids for organisation in organisations):
        return True
    codes = [government.code for government in local_governments]
    return Organisation.objects.filter(pk__in=ids, local_government__in=codes).exists()


def may_record_as(request, *, local_governments, organisations) -> bool:
    """As ``parties_editable``: directly, or as a secretariat when signed in with two factors."""
    user = request.user
    if parties_editable(user, local_governments=local_governments, organisations=organisations, secretariat=False):
        return True
    return user_has_second_factor(request) and parties_editable(
        user, local_governments=local_governments, organisations=organisations, secretariat=True
    )


def require_signed_in_staff(request) -> None:
    """Recording needs a signed-in person who works for some organisation."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not request.user.is_superuser and not Staff.objects.filter(user=request.user).exists():
        raise PermissionDenied


def get_visible_partnership(request, pk: int) -> Partnership:
    """A partnership the user may see; 404 otherwise, so drafts stay unknown."""
    return get_object_or_404(Partnership.objects.visible_to(request.user), pk=pk)


def can_edit_partnership(request, partnership: Partnership) -> bool:
    user = request.user
    if Partnership.objects.editable_by(user, secretariat=False).filter(pk=partnership.pk).exists():
        return True
    return (
        user_has_second_factor(request)
        and Partnership.objects.editable_by(user, secretariat=True).filter(pk=partnership.pk).exists()
    )


def _require(request, queryset, pk: int) -> None:
    user = request.user
    if queryset.editable_by(user, secretariat=False).filter(pk=pk).exists():
        return
    if queryset.editable_by(user, secretariat=True).filter(pk=pk).exists():
        if not user_has_second_factor(request):
            raise SecondFactorRequired
        return
    raise PermissionDenied


def get_editable_partnership(request, pk: int) -> Partnership:
    """A partnership the user may edit: 404 when they may not see it, 403 when only see it."""
    partnership = get_visible_partnership(request, pk)
    _require(request, Partnership.objects, partnership.pk)
    return partnership


def get_visible_activity(request, pk: int) -> Activity:
    activities = Activity.objects.visible_to(request.user).select_related(
        "partnership", "organisation", "local_government__prefecture"
    )
    return get_object_or_404(activities, pk=pk)


def can_edit_activity(request, activity: Activity) -> bool:
    user = request.user
    if Activity.objects.editable_by(user, secretariat=False).filter(pk=activity.pk).exists():
        return True
    return (
        user_has_second_factor(request)
        and Activity.objects.editable_by(user, secretariat=True).filter(pk=activity.pk).exists()
    )


def get_editable_activity(request, pk: int) -> Activity:
    activity = get_visible_activity(request, pk)
    _require(request, Activity.objects, activity.pk)
    return activity


def recording_organisations(request):
    """The organisations the user may record an activity for: their own, and (two factors) their members."""
    user = request.user
    if user.is_superuser:
        return Organisation.objects.all()
    ids = _organisations(user, secretariat=user_has_second_factor(request))
    return Organisation.objects.filter(pk__in=ids)


def get_government_for_profile_editor(request, code: str) -> LocalGovernment:
    """The local government whose partner-search profile the user may write: its staff, or a secretariat."""
    government = get_object_or_404(LocalGovernment.objects.select_related("prefecture"), code=code)
    require_signed_in_staff(request)
    if may_record_as(request, local_governments=[government], organisations=[]):
        return government
    if parties_editable(request.user, local_governments=[government], organisations=[], secretariat=True):
        raise SecondFactorRequired
    raise PermissionDenied


def get_visible_profile(request, pk: int) -> PartnerProfile:
    if not request.user.is_authenticated:
        raise PermissionDenied
    profiles = PartnerProfile.objects.visible_to(request.user).select_related("local_government__prefecture")
    return get_object_or_404(profiles, pk=pk)
