"""Consultation log pages, one module per part of the work; urls.py addresses them as views.X."""

from consultations.views.clients import *  # noqa: F403
from consultations.views.consultations import *  # noqa: F403
from consultations.views.statistics import *  # noqa: F403
