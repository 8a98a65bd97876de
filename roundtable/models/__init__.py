"""Bodies (round table, KMN network, steering groups), their meetings, minutes and follow-up.

One module per part; `new_token` stays here because the migrations name it as
`roundtable.models.new_token` (it is defined before the submodules that use it are imported).
"""

import secrets


def new_token() -> str:
    """An unguessable token for links that work without an account."""
    return secrets.token_urlsafe(32)


# In the order the models were defined (and are registered).
# isort: off
from roundtable.models.bodies import *  # noqa: E402, F403
from roundtable.models.meetings import *  # noqa: E402, F403
from roundtable.models.records import *  # noqa: E402, F403
from roundtable.models.invitations import *  # noqa: E402, F403
from roundtable.models.events import *  # noqa: E402, F403
# isort: on
