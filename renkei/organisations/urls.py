from django.urls import path

from renkei.organisations import views

app_name = "organisations"
urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("contacts/confirm/<str:token>/", views.contacts_confirm_link, name="contacts_confirm_link"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/invitations/", views.invitation_create, name="invitation_create"),
    path("<int:pk>/staff/<int:staff_pk>/remove/", views.staff_remove, name="staff_remove"),
    path("<int:pk>/contacts/", views.contact_list, name="contacts"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("<int:pk>/contacts/confirm/", views.contacts_confirm, name="contacts_confirm"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_update, name="contact_update"),
    path("<int:pk>/contacts/<int:contact_pk>/delete/", views.contact_delete, name="contact_delete"),
    path("<int:pk>/contacts/<int:contact_pk>/history/", views.contact_history, name="contact_history"),
    path("<int:pk>/contacts/<int:contact_pk>/handover/", views.contact_handover, name="contact_handover"),
]
