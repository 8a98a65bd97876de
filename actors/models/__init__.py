"""The registry: organisations, their contact persons and their offers (the district's atlas).

One module per part of the registry; everything is imported from `actors.models`.
"""

from actors.models.imports import *  # noqa: F403
from actors.models.offers import *  # noqa: F403
from actors.models.organisations import *  # noqa: F403
from actors.models.updates import *  # noqa: F403
