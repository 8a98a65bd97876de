"""kmut.responses: the one way views hand out files."""

from unittest import mock

from kmut.responses import CSV, PDF, file_response, pdf_response


def test_a_download_names_the_file_and_its_type():
    response = file_response("a;b\r\n", "liste.csv", CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    assert response["Content-Length"] == "5"
    assert response.getvalue() == b"a;b\r\n"


def test_an_inline_file_is_shown_and_a_non_ascii_name_is_encoded():
    response = file_response(
        b"BEGIN:VCALENDAR", "Ausschuss für Integration.ics", "text/calendar", inline=True
    )
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''Ausschuss%20f%C3%BCr%20Integration.ics"
    )


def test_a_pdf_gets_the_district_name_from_render_pdf(settings):
    with mock.patch("kmut.pdf.render_to_string", return_value="<title>x</title>") as render:
        response = pdf_response("kmut/pdf/reference_data.html", {"printed_at": None}, "x.pdf")
    assert render.call_args.args[1] == {
        "district_name": settings.KMUT_DISTRICT_NAME,
        "printed_at": None,
    }
    assert response["Content-Type"] == PDF
    assert response.getvalue().startswith(b"%PDF-")
