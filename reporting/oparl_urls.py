"""The public OParl 1.1 API below /oparl/v1.1/ (no login)."""

from reporting.oparl_views import urlpatterns_for

app_name = "oparl"

urlpatterns = urlpatterns_for(public=True)
