"""The registry's views, one module per part of the work; urls.py addresses them as views.X."""

from actors.views.atlas import *  # noqa: F403
from actors.views.contacts import *  # noqa: F403
from actors.views.exports import *  # noqa: F403
from actors.views.imports import *  # noqa: F403
from actors.views.offers import *  # noqa: F403
from actors.views.organisations import *  # noqa: F403
from actors.views.updates import *  # noqa: F403
