import logging
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import blocking_manager_key

from kmut import roles
from tests.factories import UserFactory

ROLE_FIXTURES = {
    "coordinator": roles.COORDINATION,
    "lead": roles.LEADERSHIP,
    "volunteer_user": roles.VOLUNTEER,
    "committee_member": roles.COMMITTEE,
    "administrator": roles.ADMINISTRATION,
}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_keepdb, request):
    """With --reuse-db, SQLite tests use a file under var/ that outlives the run.

    Without it the test database stays in memory, as Django makes it: fresh for each run (CI),
    and two runs in the same checkout cannot get in each other's way.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if django_db_keepdb and database["ENGINE"] == "django.db.backends.sqlite3":
        folder = settings.BASE_DIR / "var"
        folder.mkdir(exist_ok=True)
        # One file per pytest-xdist worker, as pytest-django names the other test databases.
        worker = getattr(request.config, "workerinput", {}).get("workerid")
        name = f"test-kmut_{worker}.sqlite3" if worker else "test-kmut.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(folder / name)


# Set once the test database exists: before that, the connection points at the real database.
_TEST_DATABASE_READY = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database, with the roles synced once for the whole session.

    Every test sees the groups: the sync is committed before the first test's transaction
    begins. A transactional test flushes the database when it ends; pytest_runtest_teardown
    below syncs the roles again after that flush.
    """
    with django_db_blocker.unblock():
        call_command("sync_roles", verbosity=0)
    request.config.stash[_TEST_DATABASE_READY] = True
    yield
    request.config.stash[_TEST_DATABASE_READY] = False


@pytest.fixture
def synced_roles(db):
    """The role groups with their permissions (synced once per session, see django_db_setup)."""


def _flushes_the_database(item):
    """Whether pytest-django runs the test as a TransactionTestCase, which flushes at the end."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_rest = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    names = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in names
        or "live_server" in names
        or "django_db_reset_sequences" in names
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        ready = item.config.stash.get(_TEST_DATABASE_READY, False)
        if ready and nextitem is not None and _flushes_the_database(item):
            with item.config.stash[blocking_manager_key].unblock():
                call_command("sync_roles", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, and
    the statistics token with it, so a cached entry could outlive the data it was built from."""
    cache.clear()


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate("de")


class _FailOnErrorLogs(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_error_logs(request):
    if request.node.get_closest_marker("allow_error_logs"):
        yield
        return
    handler = _FailOnErrorLogs()
    root = logging.getLogger()
    root.addHandler(handler)
    yield
    root.removeHandler(handler)
    if handler.records:
        messages = "; ".join(record.getMessage() for record in handler.records)
        pytest.fail(f"ERROR logged during the test: {messages}")


def _user_with_role(role, username):
    return UserFactory(username=username, role=role)


@pytest.fixture
def coordinator(synced_roles):
    return _user_with_role(roles.COORDINATION, "koordination")


@pytest.fixture
def lead(synced_roles):
    return _user_with_role(roles.LEADERSHIP, "leitung")


@pytest.fixture
def volunteer_user(synced_roles):
    return _user_with_role(roles.VOLUNTEER, "ehrenamt")


@pytest.fixture
def committee_member(synced_roles):
    return _user_with_role(roles.COMMITTEE, "ausschuss")


@pytest.fixture
def administrator(synced_roles):
    return _user_with_role(roles.ADMINISTRATION, "admin")


def verify_second_factor(client, user):
    """Mark the client's session as having passed the second factor (a confirmed TOTP device).

    Staff need it to reach office data (kmut.middleware.TwoFactorMiddleware); for other roles
    it does no harm.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kmut.middleware import StaffIdleTimeoutMiddleware

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # As after a request: the first request of a test need not record activity (a session write).
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] = int(time.time())
    session.save()
    return device


def _logged_in(user):
    """A client logged in as the user, past the second factor when the role needs one."""
    from kmut import two_factor

    client = Client()
    client.force_login(user)
    # A fresh instance, so the permission cache of the fixture's user object stays empty.
    if two_factor.is_required(type(user).objects.get(pk=user.pk)):
        verify_second_factor(client, user)
    return client


@pytest.fixture
def coordinator_client(coordinator):
    return _logged_in(coordinator)


@pytest.fixture
def lead_client(lead):
    return _logged_in(lead)


@pytest.fixture
def volunteer_client(volunteer_user):
    return _logged_in(volunteer_user)


@pytest.fixture
def committee_client(committee_member):
    return _logged_in(committee_member)


@pytest.fixture
def administrator_client(administrator):
    return _logged_in(administrator)


@pytest.fixture
def client_for(synced_roles):
    """A logged-in client for a role name (None: anonymous)."""

    def make(role):
        if role is None:
            return Client()
        user = _user_with_role(role, f"user-{role.lower()}")
        if role == roles.VOLUNTEER:
            from tests.volunteers.factories import VolunteerFactory

            VolunteerFactory(user=user)
        return _logged_in(user)

    return make
