"""Volunteer programmes, volunteers, assignments, rates and expense claims, one module per part
of the work; `from volunteers.models import X` finds every model and helper (migrations too)."""

# In the order the models were defined in one module (the app registry lists them so).
# isort: off
from volunteers.models.base import *  # noqa: F403
from volunteers.models.people import *  # noqa: F403
from volunteers.models.rates import *  # noqa: F403
from volunteers.models.assignments import *  # noqa: F403
from volunteers.models.courses import *  # noqa: F403
from volunteers.models.claims import *  # noqa: F403
from volunteers.models.payments import *  # noqa: F403
# isort: on
