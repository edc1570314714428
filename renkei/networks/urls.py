from renkei.networks.views import directory, manage, public

app_name = "networks"
# Each view module owns its URL patterns; this is their union.
urlpatterns = public.urlpatterns + directory.urlpatterns + manage.urlpatterns
