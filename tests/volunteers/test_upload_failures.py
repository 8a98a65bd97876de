"""A full disk while storing receipts: German message, input kept, no partial files, no claim
(issue 15). The failure is real: a file system storage that writes part of the file, then
raises ENOSPC as the operating system does."""

import errno
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tests.volunteers.factories import PortalVolunteerFactory, RateSetFactory
from tests.volunteers.test_claims import PDF, PNG, _claim_data, _portal_client, hand_in
from volunteers.models import ExpenseClaim, Receipt

pytestmark = [pytest.mark.django_db, pytest.mark.allow_error_logs]  # the failure is logged

FAILING_MARK = "voll"


class DiskFullStorage(FileSystemStorage):
    """Writes half of a file whose name contains FAILING_MARK, then the disk is full."""

    def _save(self, name, content):
        if FAILING_MARK not in name:
            return super()._save(name, content)
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = b"".join(content.chunks())
        with path.open("wb") as partial:
            partial.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))


@pytest.fixture
def disk_full_media(tmp_path):
    with override_settings(
        MEDIA_ROOT=str(tmp_path),
        STORAGES={
            "default": {
                "BACKEND": "tests.volunteers.test_upload_failures.DiskFullStorage",
                "OPTIONS": {"location": str(tmp_path)},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield tmp_path


@pytest.fixture
def rates(db):
    return RateSetFactory()


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def _assert_form_kept_and_nothing_stored(response, media):
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Die Datei konnte nicht gespeichert werden. Bitte versuchen Sie es später erneut; "
        "Ihre Eingaben sind erhalten." in html
    )
    assert "Bitte wählen Sie die Belege erneut aus" in html
    assert 'value="Bus"' in html
    assert 'value="11:20"' in html
    assert 'value="34"' in html
    assert "Leyla Haidari" in html
    assert _files_in(media) == []
    assert not ExpenseClaim.objects.exists()
    assert not Receipt.objects.exists()
    assert not ExpenseClaim.history.exists()


def test_a_full_disk_while_saving_a_receipt_keeps_the_input_and_leaves_no_file(
    synced_roles, rates, disk_full_media
):
    client = _portal_client(PortalVolunteerFactory())
    draft = {key: value for key, value in _claim_data().items() if key != "submit"}
    response = client.post(
        reverse("volunteers:portal_claim_create"),
        {**draft, "draft": "1", "receipts": [SimpleUploadedFile("beleg-voll.pdf", PDF)]},
    )
    _assert_form_kept_and_nothing_stored(response, disk_full_media)


def test_a_failing_second_receipt_removes_the_first_one_too_when_handing_in(
    synced_roles, rates, disk_full_media
):
    client = _portal_client(PortalVolunteerFactory())
    response = hand_in(
        client,
        reverse("volunteers:portal_claim_create"),
        _claim_data(),
        receipts=[("foto.png", PNG), ("beleg-voll.pdf", PDF)],
    )
    _assert_form_kept_and_nothing_stored(response, disk_full_media)


def test_receipts_are_stored_when_the_disk_has_room(synced_roles, rates, disk_full_media):
    client = _portal_client(PortalVolunteerFactory())
    response = hand_in(
        client,
        reverse("volunteers:portal_claim_create"),
        _claim_data(),
        receipts=[("foto.png", PNG), ("beleg.pdf", PDF)],
    )
    assert response.status_code == 302
    receipt_files = sorted(path.name for path in _files_in(disk_full_media))
    assert len(receipt_files) == 2
    assert [receipt.file.read() for receipt in Receipt.objects.order_by("pk")] == [PNG, PDF]
