"""The SEPA character set: payee names and remittance texts as the bank file carries them."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

__all__ = [
    "GERMAN",
    "NAME_MAX",
    "NOT_SEPA",
    "REMITTANCE_MAX",
    "SepaText",
    "sepa_text",
    "text_warning",
]


NAME_MAX = 70
REMITTANCE_MAX = 140


GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
NOT_SEPA = re.compile(r"[^a-zA-Z0-9/\-?:().,'+ ]")


@dataclass(frozen=True)
class SepaText:
    original: str
    text: str
    shortened: bool

    @property
    def changed(self) -> bool:
        return self.text != self.original


def sepa_text(value: str, max_length: int) -> SepaText:
    """Text in the SEPA Latin character set, German umlauts transliterated (ä → ae).

    Other letters lose their accents, "&" becomes "+", anything else outside
    `a-z A-Z 0-9 / - ? : ( ) . , ' + space` becomes a space. Longer text is shortened to
    max_length and says so (callers show a warning for every changed text).
    """
    text = unicodedata.normalize("NFC", value).translate(GERMAN).replace("&", "+")
    from text_unidecode import unidecode  # imported when used: its table costs ~5 MB

    text = unidecode(text)
    text = " ".join(NOT_SEPA.sub(" ", text).split())
    shortened = len(text) > max_length
    if shortened:
        text = text[:max_length].rstrip()
    return SepaText(original=value, text=text, shortened=shortened)


def text_warning(label: str, cleaned: SepaText) -> str:
    if cleaned.shortened:
        return _(
            "%(label)s “%(original)s” is too long for the bank file and is shortened to “%(text)s”."
        ) % {"label": label, "original": cleaned.original, "text": cleaned.text}
    return _(
        "%(label)s “%(original)s” contains characters a bank file cannot carry and is sent "
        "as “%(text)s”."
    ) % {"label": label, "original": cleaned.original, "text": cleaned.text}
