"""The confidential consultation log: pseudonymous clients, consultations, referrals, access log,
one module per part.

Clients are pseudonymous (a code plus coarse statistical categories). A real name and contact
details exist only with recorded consent and live apart, in ClientIdentity. Notes on a
consultation are visible only to their author and the head of office. Every read is logged in
AccessLog.
"""

from consultations.models.clients import *  # noqa: F403
from consultations.models.consultations import *  # noqa: F403
from consultations.models.records import *  # noqa: F403
