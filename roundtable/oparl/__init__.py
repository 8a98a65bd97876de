"""The bodies, their members and their meetings as OParl 1.1 objects.

OParl (https://oparl.org/spezifikation/) is the German standard for machine-readable
council information. kmut maps onto it like this:

* the district office as a whole is the one OParl ``Body`` (name: ``KMUT_DISTRICT_NAME``);
* each kmut ``Body`` (round table, network, steering group …) is an OParl ``Organization``
  with ``organizationType`` "Gremium";
* each member organisation is an OParl ``Organization`` with ``organizationType``
  "Institution", so that memberships can say on whose behalf a person sits in a body;
* delegates and deputies (contact persons of the registry) and individual members are OParl
  ``Person`` objects;
* each kmut ``Membership`` is an OParl ``Membership`` of its delegate (or individual member);
  a named deputy gets a second ``Membership`` with the role of a deputy and no voting right;
  a membership of an organisation without a named person has no ``person`` and points to the
  organisation through ``onBehalfOf``;
* each meeting of a body is an OParl ``Meeting`` with its place as an embedded ``Location``
  and its agenda items as embedded ``AgendaItem`` objects. Meetings without a body (the
  office's external appointments) are not published.

The API comes in two variants (decision record 0011): the public one shows only what the
office publishes anyway (organisations and contact persons whose publication level is
"public", public agenda items); the staff one shows everything. `Variant` carries that
choice and builds the absolute ``id`` URLs; each `Source` is one kind of object with the rows
a variant may see and the function that renders a row. Papers and files (released annual
reports) are added by `reporting.oparl`; the views live in `reporting.oparl_views`, because
only `reporting` may read every app.

One module per object type; `base` holds what they share. SOURCES and LISTS below name the
objects this app publishes.
"""

from roundtable.oparl.base import *  # noqa: F403
from roundtable.oparl.base import Source
from roundtable.oparl.meetings import (
    _agenda_item_rows,
    _location,
    _location_rows,
    _meeting,
    _meeting_rows,
    _standalone_agenda_item,
)
from roundtable.oparl.memberships import _deputy, _deputy_rows, _seat, _seat_rows
from roundtable.oparl.organizations import (
    _gremium,
    _gremium_rows,
    _institution,
    _institution_rows,
)
from roundtable.oparl.persons import _contact, _contact_rows, _individual, _individual_rows
from roundtable.oparl.system import *  # noqa: F403

# url name -> source of the objects this app publishes
SOURCES: dict[str, Source] = {
    "gremium": Source(_gremium_rows, _gremium),
    "institution": Source(_institution_rows, _institution),
    "contact": Source(_contact_rows, _contact),
    "individual": Source(_individual_rows, _individual),
    "membership": Source(_seat_rows, _seat),
    "deputy_membership": Source(_deputy_rows, _deputy),
    "meeting": Source(_meeting_rows, _meeting),
    "agenda_item": Source(_agenda_item_rows, _standalone_agenda_item),
    "location": Source(_location_rows, _location),
}

# body list name -> the sources it lists, in this order
LISTS: dict[str, tuple[str, ...]] = {
    "organization": ("gremium", "institution"),
    "person": ("contact", "individual"),
    "membership": ("membership", "deputy_membership"),
    "meeting": ("meeting",),
    "agendaItem": ("agenda_item",),
    "locationList": ("location",),
    "consultation": (),
    "legislativeTermList": (),
}
