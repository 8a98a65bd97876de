"""`kmut.related.attach_names`: a list page's many-to-many names in one query of plain values,
the same names in the same order as `.all()` gives them."""

import pytest

from actors.models import Organisation
from kmut.models import Language
from kmut.related import attach_names
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.volunteers.factories import VolunteerFactory
from volunteers.models import Volunteer, VolunteerLanguage

pytestmark = pytest.mark.django_db


def test_names_of_a_many_to_many_field_as_all_lists_them(django_assert_num_queries):
    first, second, none = OrganisationFactory.create_batch(3)
    first.municipalities.set(
        [MunicipalityFactory(name="Zeven"), MunicipalityFactory(name="Bremervörde")]
    )
    second.municipalities.set([MunicipalityFactory(name="Gnarrenburg")])
    rows = list(Organisation.objects.filter(pk__in=[first.pk, second.pk, none.pk]))
    with django_assert_num_queries(1):
        rows = attach_names(rows, "municipalities", to_attr="municipality_names")
    by_pk = {row.pk: row.municipality_names for row in rows}
    assert by_pk == {
        first.pk: ["Bremervörde", "Zeven"],
        second.pk: ["Gnarrenburg"],
        none.pk: [],
    }
    assert by_pk[first.pk] == [str(m) for m in first.municipalities.all()]


def test_names_through_a_reverse_foreign_key(django_assert_num_queries):
    volunteer = VolunteerFactory()
    entered = list(Language.objects.order_by("-name")[:2])  # not in the order of the names
    for language in entered:
        VolunteerLanguage.objects.create(volunteer=volunteer, language=language)
    rows = list(Volunteer.objects.filter(pk=volunteer.pk))
    with django_assert_num_queries(1):
        (row,) = attach_names(
            rows,
            "language_skills",
            to_attr="language_names",
            label="language__name",
        )
    assert row.language_names == [language.name for language in entered]


def test_no_rows_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert attach_names([], "municipalities", to_attr="names") == []
