"""Reporting pages, one module per part of the work; urls.py addresses them as views.X."""

from reporting.views.action_plans import *  # noqa: F403
from reporting.views.annual_release import *  # noqa: F403
from reporting.views.annual_reports import *  # noqa: F403
from reporting.views.funding import *  # noqa: F403
from reporting.views.index import *  # noqa: F403
from reporting.views.released import *  # noqa: F403
