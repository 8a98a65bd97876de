"""The bare Django reference page the benchmark measures every page against.

What any logged-in Django 5.2 page does at least: the session and the user are read (by the
product's middleware, which runs for this view too), one query runs, a small template extending
nothing is rendered. A page's throughput divided by this page's throughput, measured by the same
server in the same run, is the page's cost relative to Django itself.
"""

from django.contrib.auth.models import Group
from django.shortcuts import render


def reference(request):
    groups = list(Group.objects.filter(user=request.user).values_list("name", flat=True))
    return render(
        request,
        "bench/reference.html",
        {"user_name": request.user.get_username(), "groups": groups},
    )
