import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kmut import roles

pytestmark = pytest.mark.django_db


def test_sync_roles_loads_the_permissions_in_one_query():
    Group.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        call_command("sync_roles", verbosity=0)
    # One lookup of every role's codenames; each group's own set is read by permissions.set().
    permission_reads = [
        q
        for q in queries
        if 'FROM "auth_permission"' in q["sql"] and "auth_group_permissions" not in q["sql"]
    ]
    assert len(permission_reads) == 1
    for role, codenames in roles.ROLES.items():
        assert Group.objects.get(name=role).permissions.count() == len(set(codenames))


def test_sync_roles_refuses_an_unknown_permission_and_changes_nothing(monkeypatch):
    before = set(Group.objects.get(name=roles.COMMITTEE).permissions.all())
    monkeypatch.setitem(roles.ROLES, roles.COMMITTEE, ["kmut.no_such_permission"])
    with pytest.raises(CommandError, match=r"'kmut\.no_such_permission' in role 'Ausschuss'"):
        call_command("sync_roles", verbosity=0)
    assert set(Group.objects.get(name=roles.COMMITTEE).permissions.all()) == before
