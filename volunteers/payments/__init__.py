"""Payment runs: approved claims → payment order PDF, CSV and SEPA transfer (pain.001.001.09).

A run goes draft → exported → booked (or is cancelled before booking):

- draft: the claims are reserved for the run and stay "approved";
- exported: the SEPA file is made once and stored; every download returns the same bytes with the
  same message id (MsgId), so the bank recognises a second upload of the same file;
- booked: a person confirmed the bank statement; only now are the claims "paid".

One module per part: `runs` (the states), `items` (what a run pays, the CSV), `sepa` (the file,
the paying account), `text` (the SEPA character set), `business_days` (TARGET2).
"""

from volunteers.payments.business_days import *  # noqa: F403
from volunteers.payments.items import *  # noqa: F403
from volunteers.payments.items import _items  # noqa: F401  (the demo data freezes items with it)
from volunteers.payments.runs import *  # noqa: F403
from volunteers.payments.sepa import *  # noqa: F403
from volunteers.payments.text import *  # noqa: F403
