"""The benchmark's own parts: the reference page, the query header, the statistics, the login
over real HTTP with the second factor. Nothing here is timed (the benchmark times, docs/
performance.md)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import settings as bench_settings
from bench import stats
from bench.client import Browser, totp_code
from bench.server import deploy_arguments, workers
from kmut import two_factor

BENCH_SERVER = override_settings(
    ROOT_URLCONF="bench.urls",
    MIDDLEWARE=["bench.middleware.QueryCountHeader", *settings.MIDDLEWARE],
    TEMPLATES=bench_settings.TEMPLATES,
)


def test_bench_settings_add_only_the_reference_and_the_header_to_production():
    from kmut import settings as production

    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert bench_settings.MIDDLEWARE[0] == "bench.middleware.QueryCountHeader"
    assert bench_settings.MIDDLEWARE[1:] == production.MIDDLEWARE
    assert bench_settings.DATABASES == production.DATABASES
    assert bench_settings.DEBUG == production.DEBUG


@BENCH_SERVER
def test_reference_page_reads_session_and_user_and_reports_its_queries(coordinator_client):
    with CaptureQueriesContext(connection) as captured:
        response = coordinator_client.get("/bench/reference/")
    assert response.status_code == 200
    assert "<h1>koordination</h1>" in response.text
    assert "<li>Koordination</li>" in response.text
    # The header counts every query of the request: session, user, the one query, and whatever
    # the product's middleware adds.
    assert int(response["X-Bench-Queries"]) == len(captured)
    assert len(captured) >= 3


@BENCH_SERVER
def test_query_header_on_product_pages_and_anonymous_redirects(client, coordinator_client):
    response = client.get("/bench/reference/")
    assert response.status_code == 302
    assert response["X-Bench-Queries"] == "0"
    with CaptureQueriesContext(connection) as captured:
        response = coordinator_client.get("/")
    assert response.status_code == 200
    assert int(response["X-Bench-Queries"]) == len(captured)


def test_product_serves_no_reference_page(coordinator_client):
    response = coordinator_client.get("/bench/reference/")
    assert response.status_code == 404
    assert "X-Bench-Queries" not in response


def test_percentile_is_nearest_rank():
    assert stats.percentile(range(1, 201), 0.95) == 190
    assert stats.percentile(range(1, 21), 0.95) == 19
    assert stats.percentile([7.0], 0.95) == 7.0
    assert stats.percentile([5, 1, 4, 2, 3], 0.5) == 3
    with pytest.raises(ValueError, match="no values"):
        stats.percentile([], 0.95)


def test_min_max_of_query_counts():
    assert stats.min_max([14, 17, 14, 15]) == (14, 17)
    assert stats.min_max_label([14, 17, 14]) == "14–17"
    assert stats.min_max_label([12, 12]) == "12"
    assert stats.ratio(1.0, 4.0) == 0.25
    assert stats.ratio(1.0, 0) is None


def test_gunicorn_arguments_come_from_the_deploy_guide():
    arguments = deploy_arguments()
    assert "--bind" not in arguments
    assert workers(arguments) >= 1
    line = "ExecStart=/srv/.venv/bin/gunicorn kmut.wsgi --bind 127.0.0.1:8001 -w 5 --timeout 60\n"
    assert deploy_arguments(line) == ["kmut.wsgi", "-w", "5", "--timeout", "60"]
    assert workers(deploy_arguments(line)) == 5


@pytest.mark.django_db
def test_totp_code_is_the_code_django_otp_accepts(coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    code = totp_code(device.key, device.step, device.t0, device.digits, device.drift)()
    assert code == two_factor.current_code(device)
    assert device.verify_token(code)


@pytest.mark.django_db(transaction=True)
def test_browser_logs_in_over_http_with_csrf_token_and_second_factor(live_server, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    port = int(live_server.url.rsplit(":", 1)[1])
    browser = Browser(port)
    try:
        assert browser.get("/").status == 302
        code = totp_code(device.key, device.step, device.t0, device.digits, device.drift)
        browser.log_in("koordination", "correct horse battery", code)
        answer = browser.get("/")
        assert answer.status == 200
        assert 'action="/konto/logout/"' in answer.body.decode()
    finally:
        browser.close()
    device.refresh_from_db()
    assert device.last_t > 0  # the code was checked by the code form


def _page(median_ms, ratio, throughput, html, queries=(12, 12)):
    return {
        "kind": "list",
        "median_ms": median_ms,
        "p95_ms": median_ms * 1.5,
        "median_ratio": ratio,
        "p95_ratio": ratio * 1.2,
        "throughput_ratio": throughput,
        "queries_min": queries[0],
        "queries_max": queries[1],
        "html_bytes": html,
        "statuses": {"200": 200},
    }


def test_markdown_tables_of_a_run_with_growth_report_and_verdicts():
    from bench import markdown
    from bench.__main__ import verdicts

    results = {
        "date": "2026-12-02T14:00:00+00:00",
        "machine": {"nproc": 2, "python": "3.11.7", "platform": "Linux"},
        "settings": {"samples": 200, "blocks": 2, "block_seconds": 2.0, "quick": False},
        "database": {"vendor": "postgresql", "name": "kmut_bench"},
        "sizes": {
            "1": {"pages": {"Clients": _page(40.0, 2.0, 0.6, 20480)}, "loads": []},
            "4": {"pages": {"Clients": _page(90.0, 3.0, 0.3, 20480, (12, 14))}, "loads": []},
        },
        "reports": {
            "1": {
                "report": {"seconds": 6.0, "peak_mb": 190.0, "pages": 37},
                "plain": {"seconds": 5.0, "peak_mb": 180.0, "pages": 37},
            }
        },
        "refusals": [],
    }
    results["verdicts"] = verdicts(results)

    text = markdown.document(results)

    assert "postgresql (`kmut_bench`)" in text
    assert (
        "| Clients | list | 40 | 60 | 2.00 | 2.40 | 0.60 | 12 | 20 | 0.30 | 12–14 | 1.50 | 1.00 |"
        in text
    )
    assert "| ratio report / WeasyPrint alone | 1.20 |" in text
    assert "| Annual report (PDF/A) | 37 pages, 6.0 s, 190 MB |" in text
    # growth 1.5 > 1.25 is the one target missed (throughput 0.6 ≥ 0.5, report 1.2 ≤ 1.2)
    assert "1 of 5 targets not met:\n- time at 4× / 1×: Clients (≤ 1.25)" in text
