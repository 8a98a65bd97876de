"""Settings of the benchmark's gunicorn: production's settings (kmut.settings, read from the same
environment, so DEBUG, DATABASE_URL, CONN_MAX_AGE and health checks are what production uses),
plus two bench-only additions that the product never serves:

- `bench.urls`: the product's URLs and the bare Django reference page (`bench.views`);
- `bench.middleware.QueryCountHeader`: the number of SQL queries of each request in the response
  header X-Bench-Queries.
"""

from kmut.settings import *  # noqa: F403
from kmut.settings import BASE_DIR, MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "bench.urls"
# Outermost, so the count includes the session and every other middleware's queries.
MIDDLEWARE = ["bench.middleware.QueryCountHeader", *MIDDLEWARE]
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
