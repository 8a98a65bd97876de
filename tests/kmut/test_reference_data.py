import pytest
from django.urls import reverse

from kmut.models import Language, Municipality
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_changing_a_municipality_shows_in_its_history_with_user_and_time(
    coordinator, coordinator_client
):
    municipality = MunicipalityFactory(name="Gartow")
    url = reverse("kmut:municipality_update", args=[municipality.pk])

    response = coordinator_client.post(
        url,
        {"name": "Gartow (Elbe)", "kind": "municipality", "official_key": "", "is_active": "on"},
    )

    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.name == "Gartow (Elbe)"
    latest = municipality.history.latest()
    assert latest.history_user == coordinator
    assert latest.history_type == "~"
    page = coordinator_client.get(reverse("kmut:municipality_detail", args=[municipality.pk]))
    html = page.content.decode()
    assert coordinator.get_full_name() in html
    assert "Gartow → Gartow (Elbe)" in html
    assert latest.history_date.astimezone().strftime("%Y") in html


def test_creating_a_municipality_redirects_to_it_with_a_message(coordinator_client):
    parent = MunicipalityFactory(name="Samtgemeinde Gartow", kind="samtgemeinde")

    response = coordinator_client.post(
        reverse("kmut:municipality_create"),
        {
            "name": "Höhbeck",
            "kind": "municipality",
            "parent": parent.pk,
            "official_key": "03354010",
        },
        follow=True,
    )

    created = Municipality.objects.get(name="Höhbeck")
    assert created.parent == parent
    assert response.redirect_chain[-1][0] == reverse("kmut:municipality_detail", args=[created.pk])
    assert "„Höhbeck“ wurde angelegt." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "kind": "municipality"}, "name", "Dieses Feld ist zwingend erforderlich."),
        ({"name": "x" * 121, "kind": "municipality"}, "name", "höchstens 120 Zeichen"),
        ({"name": "Lemgow", "kind": "nonsense"}, "kind", "keine gültige Auswahl"),
        (
            {"name": "Lemgow", "kind": "municipality", "official_key": "12ab"},
            "official_key",
            "acht Ziffern",
        ),
    ],
)
def test_bad_municipality_input_gets_a_german_message_and_keeps_the_input(
    coordinator_client, data, field, message
):
    response = coordinator_client.post(reverse("kmut:municipality_create"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in response.context["form"].errors[field][0]
    assert message in html
    assert not Municipality.objects.filter(name=data["name"]).exists()
    if data["name"] and len(data["name"]) < 121:
        assert f'value="{data["name"]}"' in html


def test_duplicate_language_code_is_refused_in_german(coordinator_client):
    response = coordinator_client.post(
        reverse("kmut:language_create"), {"code": "AR", "name": "Arabisch (neu)"}
    )

    assert response.status_code == 200
    assert "Eine Sprache mit diesem Code existiert bereits." in response.content.decode()
    assert Language.objects.filter(name="Arabisch (neu)").count() == 0


def test_a_municipality_cannot_be_part_of_itself(coordinator_client):
    samtgemeinde = MunicipalityFactory(kind="samtgemeinde")
    member = MunicipalityFactory(parent=samtgemeinde)
    samtgemeinde.parent = member
    with pytest.raises(Exception, match="Teil von sich selbst"):
        samtgemeinde.full_clean()


def test_reference_list_searches_and_stays_within_fixed_queries(
    coordinator_client, django_assert_max_num_queries
):
    parent = MunicipalityFactory(kind="samtgemeinde", name="Samtgemeinde Elbtalaue")
    MunicipalityFactory.create_batch(30, parent=parent)
    MunicipalityFactory(name="Hitzacker (Elbe)", parent=parent)

    with django_assert_max_num_queries(9):  # +1: the second-factor device
        response = coordinator_client.get(reverse("kmut:municipality_list"))
    assert response.status_code == 200

    response = coordinator_client.get(reverse("kmut:municipality_list"), {"q": "hitz"})
    html = response.content.decode()
    assert "Hitzacker (Elbe)" in html
    assert "Gemeinde 1<" not in html


def test_languages_and_fields_of_action_are_preloaded():
    assert Language.objects.get(code="ar").name == "Arabisch"
    assert Language.objects.filter(code="ku-kmr").exists()
    from kmut.models import FieldOfAction

    assert FieldOfAction.objects.filter(name="Interkulturelle Öffnung").exists()


def test_german_leads_the_language_lists_the_rest_follow_by_name():
    names = list(Language.objects.active().values_list("name", flat=True))
    assert names[0] == "Deutsch"
    by_name = Language.objects.active().exclude(code="de").order_by("name")
    assert names[1:] == list(by_name.values_list("name", flat=True))
    assert "Arabisch" in names[1:]


def test_the_consultation_form_offers_german_first(coordinator_client):
    import re

    html = coordinator_client.get(reverse("consultations:consultation_create")).content.decode()
    select = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)
    assert options[0] == "Deutsch"
    assert options.index("Arabisch") > 0
