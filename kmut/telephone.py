"""Phone numbers as links: the `tel:` URI (RFC 3966, global form) of a number as people write it."""

import re

COUNTRY_CODE = "49"  # the office's numbers are German unless written with a country code

# Separators people write inside a number; anything else (letters, "ext.") makes it no link.
_SEPARATORS = re.compile(r"[\s\-/.()\u00a0\u2013]")


def tel_uri(number: str) -> str:
    """ "05841 120-450" → "tel:+495841120450"; "" when the text is no dialable number.

    A number starting with one 0 is German (+49 and the area code without its 0), one starting
    with 00 or + carries its country code; "(0)" as in "+49 (0)5841 …" is left out. A number
    without an area code cannot be written in global form and gets no link.
    """
    text = (number or "").strip().replace("(0)", "")
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = COUNTRY_CODE + digits[1:]
    else:
        return ""
    # E.164: at most 15 digits; a country code and a subscriber number make at least 7.
    if not digits.isdigit() or not 7 <= len(digits) <= 15 or digits.startswith("0"):
        return ""
    return f"tel:+{digits}"
