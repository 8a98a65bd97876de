"""Every page of the permission matrix on a phone (390 px) and every button's contrast, per role.

Issue 17: no page may be wider than a 390 px screen (`scrollWidth`), and every visible `.btn`
must meet WCAG 2.1 contrast (4.5:1, large text 3:1) at rest, computed from the styles the
browser applies (text colour over the first opaque background behind it). Printing leaves out
navigation and buttons.
"""

import re

import pytest
from django.urls import reverse

from kmut import roles
from tests.browser.helpers import log_in
from tests.factories import UserFactory
from tests.roundtable import factories as rt
from tests.test_permissions import MATRIX, PUBLIC, PostOnly
from tests.volunteers.factories import VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Files, feeds and machine-readable answers are not pages to lay out.
NOT_HTML = re.compile(r"(pdf|export|download|csv|xlsx|ics|ical|feed|oparl|errors|healthz|json)")

# Per visible .btn: its text, the contrast ratio and the ratio it needs.
CONTRAST = """() => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return [...document.querySelectorAll(".btn")]
    .filter((b) => b.offsetParent !== null && !b.disabled)
    .filter((b) => b.getAttribute("aria-disabled") !== "true")
    .map((b) => {
      const style = getComputedStyle(b);
      const bg = background(b);
      const fg = over(parse(style.color), bg);
      const [l1, l2] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const text = b.textContent.trim().replace(/\\s+/g, " ");
      return [text, (l1 + 0.05) / (l2 + 0.05), large ? 3 : 4.5];
    })
    .filter(([, ratio, needed]) => ratio < needed);
}"""


def _pages_of(role):
    """(url name, url) of each HTML page of the matrix the role may open."""
    pages = []
    for name, (allowed, kwargs) in MATRIX.items():
        if NOT_HTML.search(name):
            continue
        if role is None and allowed != PUBLIC:
            continue
        if role is not None and (isinstance(allowed, (str, PostOnly)) or role not in allowed):
            continue
        pages.append((name, reverse(name, kwargs=kwargs() if kwargs else None)))
    return pages


ROLE_USERS = {
    roles.COORDINATION: "layout-koordination",
    roles.LEADERSHIP: "layout-leitung",
    roles.VOLUNTEER: "layout-ehrenamt",
    roles.COMMITTEE: "layout-ausschuss",
    roles.ADMINISTRATION: "layout-admin",
}


@pytest.mark.parametrize("role", [None, *ROLE_USERS], ids=lambda r: r or "anonymous")
def test_no_page_overflows_a_phone_and_every_button_is_legible(
    browser, live_server, synced_roles, role
):
    if role is not None:
        user = UserFactory(username=ROLE_USERS[role], role=role)
        if role == roles.VOLUNTEER:
            VolunteerFactory(user=user)
    context = browser.new_context(locale="de-DE", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    if role is not None:
        log_in(page, live_server, ROLE_USERS[role])
    pages = _pages_of(role)
    overflowing, illegible, visited = [], [], 0
    for name, url in pages:
        try:
            response = page.goto(f"{live_server.url}{url}")
        except Exception as error:  # a file download has no page to measure
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if not page.evaluate("document.doctype !== null"):
            continue  # a fragment htmx puts into a page (a lookup, a similarity hint)
        visited += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide = page.evaluate(
                """(limit) => [...document.querySelectorAll("body *")]
                    .filter((e) => e.getBoundingClientRect().right > limit + 1)
                    .slice(0, 3).map((e) => e.tagName + "." + [...e.classList].join("."))""",
                PHONE["width"],
            )
            overflowing.append(f"{name} ({url}): {width} px, e.g. {wide}")
        for text, ratio, needed in page.evaluate(CONTRAST):
            illegible.append(f"{name}: button “{text}” {ratio:.2f}:1 < {needed}:1")
    context.close()
    assert visited >= len(pages) // 2, f"only {visited} of {len(pages)} pages were HTML"
    assert not overflowing, "\n".join(overflowing)
    assert not illegible, "\n".join(illegible)


def test_printing_leaves_out_navigation_and_buttons(page, live_server, synced_roles):
    UserFactory(username="druck", role=roles.COORDINATION)
    meeting = rt.MeetingFactory()
    log_in(page, live_server, "druck")
    page.emulate_media(media="print")
    for url in (
        reverse("roundtable:meeting_detail", args=[meeting.pk]),  # minutes
        reverse("actors:organisation_list"),  # a list
        reverse("volunteers:volunteer_list"),
    ):
        page.goto(f"{live_server.url}{url}")
        shown = page.evaluate(
            """() => [...document.querySelectorAll("nav, .btn, footer, form .form-control")]
                .filter((e) => e.offsetParent !== null)
                .map((e) => e.tagName + " " + e.textContent.trim().slice(0, 30))"""
        )
        assert shown == [], f"{url}: {shown}"
        assert page.locator("h1").first.is_visible()
