"""Write operations of volunteering: claims from submission to payment, portal accounts,
assignments and hours, training courses; one module per part of the work."""

from volunteers.services.assignments import *  # noqa: F403
from volunteers.services.calculation import *  # noqa: F403
from volunteers.services.claims import *  # noqa: F403
from volunteers.services.courses import *  # noqa: F403
from volunteers.services.people import *  # noqa: F403
