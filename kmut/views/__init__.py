"""The core's views, one module per part: office (dashboard, health check, jobs), reference
(reference data), accounts (user accounts), login (second factor, safe next targets).
urls.py and office_urls.py address them as views.X."""

from kmut.views.accounts import *  # noqa: F403
from kmut.views.login import *  # noqa: F403
from kmut.views.office import *  # noqa: F403
from kmut.views.reference import *  # noqa: F403
