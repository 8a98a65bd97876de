"""Imports of the office's own lists: column mapping, matching, one plan, execution, undo.

The preview and the import are built by the same function, `plan_import`: the preview renders
the plan, the import recomputes it inside one transaction, refuses when it differs from the
plan that was shown (its fingerprint), and executes exactly that plan. Every executed import
is an `ImportBatch` that records the values each changed object had before, so it can be
undone once (decision 0017).

One module per part of the work; other apps (volunteers) use them as `actors.importing.X`.
Importing the package registers the registry's own kinds (`registry.py`).
"""

from actors.importing import registry  # noqa: F401 (registers the registry's kinds)
from actors.importing.base import *  # noqa: F403
from actors.importing.base import _names  # noqa: F401 (the volunteer import lists objects alike)
from actors.importing.contacts import *  # noqa: F403
from actors.importing.execution import *  # noqa: F403
from actors.importing.fields import *  # noqa: F403
from actors.importing.kinds import *  # noqa: F403
from actors.importing.mapping import *  # noqa: F403
from actors.importing.offers import *  # noqa: F403
from actors.importing.organisations import *  # noqa: F403
from actors.importing.plan import *  # noqa: F403
from actors.importing.undo import *  # noqa: F403
