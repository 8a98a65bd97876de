"""Receipt uploads, checked by their content (not their name) and size."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_RECEIPT_BYTES = 5 * 1024 * 1024
MAX_RECEIPTS = 10
# The first bytes of each accepted format; a renamed program or document does not start so.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def check_receipt(upload) -> str:
    """The content type of an uploaded receipt, or a ValidationError in German."""
    if upload.size > MAX_RECEIPT_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(size)s MB.")
            % {"name": upload.name, "size": MAX_RECEIPT_BYTES // 1024 // 1024},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": upload.name},
        code="file_type",
    )
