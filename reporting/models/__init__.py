"""Action plan (Handlungskonzept), funding statement (Finanzierungsübersicht) and the annual
committee report with what the committee may download, one module per part.

Figures that change by year and district (funding rates and caps) are data (FundingRule), never
constants. The own contribution is derived in `reporting.queries`, never stored.
"""

from reporting.models.action_plan import *  # noqa: F403
from reporting.models.annual import *  # noqa: F403
from reporting.models.base import *  # noqa: F403
from reporting.models.funding import *  # noqa: F403
