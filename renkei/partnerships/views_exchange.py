"""Pages of exchange activities and their photos, and of partner-search profiles and introductions."""

import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.lib.japanese import normalise
from renkei.partnerships import access, services
from renkei.partnerships.forms import ActivityForm, IntroductionRequestForm, PhotoForm, ProfileForm, ProfileSearchForm
from renkei.partnerships.models import Activity, ActivityPhoto, IntroductionRequest, PartnerProfile

PAGE_SIZE = 20


def _form_errors(form, error: ValidationError, field: str | None = None) -> None:
    """The service's errors on their fields; an error about no field on ``field`` (e.g. the upload)."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(field, error.messages)


# --- Activities -------------------------------------------------------------------------------


def activity_list(request):
    activities = Activity.objects.visible_to(request.audience).select_related("organisation", "partnership")
    page = Paginator(activities.order_by("-starts_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/activity_list.html", {"page": page})


def activity_detail(request, pk: int):
    activity = access.get_visible_activity(request, pk)
    return render(
        request,
        "partnerships/activity_detail.html",
        {
            "activity": activity,
            "photos": list(activity.photos.all()),
            "can_edit": access.can_edit_activity(request, activity),
        },
    )


def activity_create(request):
    access.require_signed_in_staff(request)
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, request=request, with_photo=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                activity = services.activity_create(
                    user=request.user,
                    organisation=data["organisation"],
                    photo=data.get("photo"),
                    caption=data.get("caption", ""),
                    alt_text=data.get("alt_text", ""),
                    **form.values(),
                )
            except ValidationError as error:
                _form_errors(form, error, "photo")
            else:
                messages.success(request, _("The activity is recorded."))
                return redirect("partnerships:activity_detail", pk=activity.pk)
    else:
        initial = {}
        if request.GET.get("partnership", "").isdigit():
            # An activity of this partnership: for those who may edit it, as its page offers.
            initial["partnership"] = access.get_editable_partnership(request, int(request.GET["partnership"])).pk
        form = ActivityForm(initial=initial, request=request, with_photo=True)
        if form.fields["organisation"].queryset.count() == 1:
            form.initial["organisation"] = form.fields["organisation"].queryset.get()
    return render(request, "partnerships/activity_form.html", {"form": form, "activity": None})


def activity_edit(request, pk: int):
    activity = access.get_editable_activity(request, pk)
    form = ActivityForm(request.POST or None, instance=activity, request=request, with_photo=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(activity=activity, **form.values())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("partnerships:activity_detail", pk=activity.pk)
    return render(request, "partnerships/activity_form.html", {"form": form, "activity": activity})


def photo_add(request, pk: int):
    activity = access.get_editable_activity(request, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.photo_add(
                activity=activity,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as error:
            _form_errors(form, error, "image")
        else:
            messages.success(request, _("The photo is added."))
            return redirect("partnerships:activity_detail", pk=activity.pk)
    return render(request, "partnerships/photo_form.html", {"form": form, "activity": activity})


@require_POST
def photo_delete(request, pk: int, photo_id: int):
    activity = access.get_editable_activity(request, pk)
    services.photo_delete(photo=get_object_or_404(ActivityPhoto, pk=photo_id, activity=activity))
    messages.success(request, _("The photo is removed."))
    return redirect("partnerships:activity_detail", pk=activity.pk)


def photo_file(request, photo_id: int, size: str = "full"):
    """A photo served after checking that its activity is visible (drafts' photos stay hidden)."""
    photo = get_object_or_404(
        ActivityPhoto.objects.filter(activity__in=Activity.objects.visible_to(request.audience).values("id")),
        pk=photo_id,
    )
    file = photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image
    if not file:
        raise Http404
    response = FileResponse(file.open("rb"), content_type=photo.content_type if file == photo.image else None)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Partner-search profiles ------------------------------------------------------------------


@login_required
def profile_list(request):
    form = ProfileSearchForm(request.GET or None)
    profiles = PartnerProfile.objects.visible_to(request.audience).select_related("local_government__prefecture")
    if form.is_valid():
        data = form.cleaned_data
        if data["country"]:
            profiles = profiles.filter(countries_wanted__contains=data["country"])
        if data["prefecture"]:
            profiles = profiles.filter(
                Q(local_government__prefecture_id=data["prefecture"]) | Q(local_government_id=data["prefecture"])
            )
        # Names are matched as the registry normalises them (kana folded); the texts as written.
        for word in unicodedata.normalize("NFKC", data["q"]).split():
            profiles = profiles.filter(
                Q(local_government__search_text__contains=normalise(word))
                | Q(overview_ja__icontains=word)
                | Q(overview_en__icontains=word)
                | Q(regions_wanted__icontains=word)
                | Q(conditions_ja__icontains=word)
                | Q(pr_text_ja__icontains=word)
            )
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "partnerships/profile_list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def profile_detail(request, pk: int):
    profile = access.get_visible_profile(request, pk)
    form = IntroductionRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.introduction_request_create(
                profile=profile,
                requester=request.user,
                organisation=form.cleaned_data["organisation"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your request is sent to %(name)s.") % {"name": profile.local_government})
            return redirect("partnerships:my_requests")
    can_edit = access.may_record_as(request, local_governments=[profile.local_government], organisations=[])
    return render(request, "partnerships/profile_detail.html", {"profile": profile, "form": form, "can_edit": can_edit})


def profile_edit(request, code: str):
    government = access.get_government_for_profile_editor(request, code)
    instance = PartnerProfile.objects.filter(local_government=government).first()
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        profile = services.profile_save(government=government, user=request.user, **form.values())
        messages.success(request, _("The profile is saved."))
        return redirect("partnerships:profile_detail", pk=profile.pk)
    return render(request, "partnerships/profile_form.html", {"form": form, "government": government})


@login_required
def my_requests(request):
    requests = (
        IntroductionRequest.objects.filter(requester=request.user)
        .select_related("profile__local_government__prefecture", "requester_organisation")
        .order_by("-created_at")
    )
    return render(request, "partnerships/my_requests.html", {"requests": requests})
