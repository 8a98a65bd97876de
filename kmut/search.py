"""Search that ignores case, accents, umlaut spellings and word order (decision 0018).

Every searchable model keeps a `search_text` column: its searched fields run through `fold()`,
written by the model's `save()`. A query is folded the same way and split into words; a row
matches when every word is contained in one of its search columns (its own or a related row's),
in any order. The lookup is a plain `contains` on already folded text, so SQLite and PostgreSQL
give the same answers.

Folding: lower case (`casefold`, so ß = ss), accents dropped (é = e), and the German umlauts in
both spellings reduced to the plain vowel: ö = oe = o, ä = ae = a, ü = ue = u. Punctuation
separates words ("Lüchow-Dannenberg" is "luchow dannenberg"). `fold(text, strict=True)` is the
stricter folding that the imports use to decide that two names are the same entry.
"""

import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Letters that Unicode does not decompose into a base letter plus an accent.
_LETTERS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ð": "d"})
_UMLAUT_SPELLING = re.compile(r"([aou])e")
_NOT_WORD = re.compile(r"[\W_]+")
# Strict folding: an umlaut is its spelled-out form, never the plain vowel.
_SPELLED_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_NOT_WORD_CHARACTER = re.compile(r"\W+")


def fold(text, *, strict: bool = False) -> str:
    """`text` as search compares it: "Möller", "Moeller" and "moller" all give "moller".

    `strict=True` is how an import decides that a name in a file is an entry it already has:
    case, accents, punctuation and whitespace still do not count, and ä = ae, ö = oe, ü = ue,
    ß = ss, but an umlaut is not its plain vowel ("Müller" and "Mueller" give "mueller",
    "Muller" stays "muller"), "ae", "oe", "ue" stay as written ("Michael" is not "Michal"),
    letters Unicode does not decompose (ø, ł) stay, and "_" belongs to the word.
    """
    text = str(text or "").casefold().translate(_SPELLED_UMLAUTS if strict else _LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    if strict:
        return " ".join(_NOT_WORD_CHARACTER.sub(" ", text).split())
    return " ".join(_UMLAUT_SPELLING.sub(r"\1", word) for word in _NOT_WORD.sub(" ", text).split())


def search_words(query) -> list[str]:
    """The folded words of a query, each once, in the order typed."""
    return list(dict.fromkeys(fold(query).split()))


def matching(query, *columns) -> Q:
    """A condition: every word of `query` is in at least one of `columns`.

    A column is a lookup path to a `search_text` column ("search_text",
    "organisation__search_text") or a function giving a condition for one folded word (e.g. an
    `Exists` over a related table, which never multiplies rows). An empty query matches all.
    """
    condition = Q()
    for word in search_words(query):
        any_column = Q()
        for column in columns:
            if callable(column):
                any_column |= Q(column(word))
            else:
                any_column |= Q(**{f"{column}__contains": word})
        condition &= any_column
    return condition


class SearchableModel(models.Model):
    """A model with a `search_text` column built from `search_fields` on every save.

    Bulk writes (`bulk_create`, `QuerySet.update`) bypass `save()`: call `set_search_text()` on
    the objects before `bulk_create`, or `refresh_search_text(queryset)` after an update of a
    searched field. Leave `search_text` out of the model's history (`excluded_fields`): it is
    derived, and a history must not keep a name that was erased.
    """

    search_fields: tuple[str, ...] = ()

    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.set_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.search_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def set_search_text(self) -> None:
        self.search_text = search_text_of(self, self.search_fields)


def search_text_of(obj, fields) -> str:
    return fold(" ".join(str(value) for name in fields if (value := getattr(obj, name, ""))))


def refresh_search_text(queryset, fields=None, batch_size: int = 500) -> int:
    """Rebuild `search_text` of every row of `queryset` (also for migrations, where a model has
    no methods: pass its `fields`). Returns the number of rows changed."""
    fields = fields if fields is not None else queryset.model.search_fields
    changed = []
    for obj in queryset.only("pk", "search_text", *fields).iterator(chunk_size=batch_size):
        text = search_text_of(obj, fields)
        if text != obj.search_text:
            obj.search_text = text
            changed.append(obj)
    queryset.model._base_manager.bulk_update(changed, ["search_text"], batch_size=batch_size)
    return len(changed)


def searchable(objects):
    """`objects` with their `search_text` set, for `bulk_create` (which skips `save()`)."""
    objects = list(objects)
    for obj in objects:
        obj.set_search_text()
    return objects
