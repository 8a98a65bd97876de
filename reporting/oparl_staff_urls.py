"""The staff OParl 1.1 API below /oparl/intern/v1.1/ (login with the staff permission)."""

from reporting.oparl_views import urlpatterns_for

app_name = "oparl_staff"

urlpatterns = urlpatterns_for(public=False)
