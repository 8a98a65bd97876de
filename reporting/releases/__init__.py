"""The annual report's workflow: draft → reviewed → released (by the lead); corrections.

Release follows the four-eyes principle: the person who marked the report reviewed cannot
release it, and every gap the completeness check finds must be confirmed one by one.
The worker's task is addressed as "reporting.releases.run_release_job" (see `jobs`).
"""

from reporting.releases.base import *  # noqa: F403
from reporting.releases.checks import *  # noqa: F403
from reporting.releases.jobs import *  # noqa: F403
from reporting.releases.steps import *  # noqa: F403
