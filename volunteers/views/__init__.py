"""Volunteering views, one module per part of the work; urls.py addresses them as views.X."""

from volunteers.views.assignments import *  # noqa: F403
from volunteers.views.claims import *  # noqa: F403
from volunteers.views.courses import *  # noqa: F403
from volunteers.views.payments import *  # noqa: F403
from volunteers.views.people import *  # noqa: F403
from volunteers.views.portal import *  # noqa: F403
from volunteers.views.rates import *  # noqa: F403
