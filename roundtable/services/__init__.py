"""Write operations of the bodies' work: planning, inviting, minutes, approval, follow-up.

One module per part; callers use `services.X`.
"""

from roundtable.services.action_items import *  # noqa: F403
from roundtable.services.distribution import *  # noqa: F403
from roundtable.services.meetings import *  # noqa: F403
from roundtable.services.minutes import *  # noqa: F403
