"""Round-table views, one module per part of the work; urls.py addresses them as views.X."""

from roundtable.views.action_items import *  # noqa: F403
from roundtable.views.bodies import *  # noqa: F403
from roundtable.views.calendars import *  # noqa: F403
from roundtable.views.documents import *  # noqa: F403
from roundtable.views.events import *  # noqa: F403
from roundtable.views.meetings import *  # noqa: F403
from roundtable.views.minutes import *  # noqa: F403
