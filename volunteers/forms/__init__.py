"""Volunteering forms, one module per part of the work (as the views); `base` holds the shared
widgets and the weekday mixin."""

from volunteers.forms.assignments import *  # noqa: F403
from volunteers.forms.claims import *  # noqa: F403
from volunteers.forms.courses import *  # noqa: F403
from volunteers.forms.payments import *  # noqa: F403
from volunteers.forms.people import *  # noqa: F403
from volunteers.forms.rates import *  # noqa: F403
