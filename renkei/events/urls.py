from django.urls import path

from renkei.events.views import manage, public

app_name = "events"

urlpatterns = [
    path("", public.calendar_month, name="calendar"),
    path("list/", public.calendar_list, name="list"),
    path("<int:pk>/", public.event_detail, name="detail"),
    # Organisers: the network's secretariat, with two factors.
    path("manage/<slug:slug>/", manage.event_list, name="manage_list"),
    path("manage/<slug:slug>/new/", manage.event_new, name="manage_new"),
    path("manage/<slug:slug>/series/", manage.series_edit, name="manage_series"),
    path("<int:pk>/manage/", manage.event_edit, name="manage_edit"),
    path("<int:pk>/manage/cancel/", manage.event_cancel, name="manage_cancel"),
    path("<int:pk>/manage/programme/", manage.programme_edit, name="manage_programme"),
    path("<int:pk>/manage/programme/<int:part_id>/speakers/", manage.speakers_edit, name="manage_speakers"),
    path("<int:pk>/manage/participants/", manage.participants_edit, name="manage_participants"),
    path("<int:pk>/manage/questions/", manage.questions_edit, name="manage_questions"),
]

# Registration, tickets, check-in and calendars.
from renkei.events.views import checkin, feeds, registration  # noqa: E402

urlpatterns += [
    path("<int:pk>/register/", registration.register, name="register"),
    path("ticket/<str:code>/", registration.ticket, name="ticket"),
    path("ticket/<str:code>/cancel/", registration.ticket_cancel, name="ticket_cancel"),
    path("<int:pk>/event.ics", feeds.event_ics, name="event_ics"),
    path("calendar.ics", feeds.calendar_ics, name="calendar_ics"),
    path("network/<slug:slug>.ics", feeds.network_ics, name="network_ics"),
    path("<int:pk>/manage/registrants/", registration.registrants, name="manage_registrants"),
    path(
        "<int:pk>/manage/registrants/export.csv",
        registration.registrants_export,
        {"fmt": "csv"},
        name="manage_registrants_csv",
    ),
    path(
        "<int:pk>/manage/registrants/export.xlsx",
        registration.registrants_export,
        {"fmt": "xlsx"},
        name="manage_registrants_xlsx",
    ),
    path("<int:pk>/manage/registrants/email/", registration.registrants_email_form, name="manage_email"),
    path(
        "<int:pk>/manage/registrants/<int:registration_pk>/cancel/",
        registration.registrant_cancel,
        name="manage_registrant_cancel",
    ),
    path("<int:pk>/manage/checkin/", checkin.checkin, name="manage_checkin"),
    path("<int:pk>/manage/checkin/<int:registration_pk>/", checkin.checkin_registration, name="manage_checkin_person"),
    path("<int:pk>/checkin/<str:code>/", checkin.checkin_ticket, name="checkin_ticket"),
]

# Questions to the speakers and the survey after the event.
from renkei.events.views import qa, surveys  # noqa: E402

urlpatterns += [
    path("<int:pk>/questions/", qa.question_ask, name="qa_ask"),
    path("<int:pk>/questions/<int:question_pk>/vote/", qa.question_vote, name="qa_vote"),
    path("<int:pk>/manage/qa/", qa.questions_manage, name="manage_qa"),
    path("<int:pk>/manage/qa/<int:question_pk>/", qa.question_moderate, name="manage_qa_moderate"),
    path("<int:pk>/survey/", surveys.survey_answer, name="survey"),
    path("<int:pk>/survey/results/", surveys.survey_results_public, name="survey_results"),
    path("survey/ticket/<str:code>/", surveys.survey_answer_ticket, name="survey_ticket"),
    path("<int:pk>/manage/survey/", surveys.survey_edit, name="manage_survey"),
    path("<int:pk>/manage/survey/send/", surveys.survey_send, name="manage_survey_send"),
    path("<int:pk>/manage/survey/results/", surveys.survey_results_manage, name="manage_survey_results"),
    path("<int:pk>/manage/survey/export.csv", surveys.survey_export, {"fmt": "csv"}, name="manage_survey_csv"),
    path("<int:pk>/manage/survey/export.xlsx", surveys.survey_export, {"fmt": "xlsx"}, name="manage_survey_xlsx"),
]
