# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Payment receipts customers upload from the portal: a photo (PNG or
JPEG, checked and re-encoded by isp_helpdesk's image rule) or a PDF.

Plain Python (no odoo import): the kind of file is decided from its first
bytes (its magic number), never from its name or the type the browser
sent; what is stored gets a safe name and the MIME type of its content.
"""
import collections

from odoo.addons.isp_helpdesk.rules import image_upload

MEGABYTE = image_upload.MEGABYTE
#: the largest receipt accepted
MAX_BYTES = 5 * MEGABYTE

PDF_MAGIC = b'%PDF-'
PDF_EOF = b'%%EOF'
#: a PDF ends with %%EOF within its last bytes (some writers add a few
#: bytes of padding after it)
PDF_TAIL = 1024
PDF_MIMETYPE = 'application/pdf'

# refusal codes (the caller turns them into a translated message)
EMPTY = image_upload.EMPTY
TOO_LARGE = image_upload.TOO_LARGE
TOO_MANY_PIXELS = image_upload.TOO_MANY_PIXELS
NOT_ACCEPTED = 'not_accepted'
BROKEN = image_upload.BROKEN

CleanReceipt = collections.namedtuple(
    'CleanReceipt', 'data mimetype filename')


class ReceiptRefused(ValueError):
    """A receipt that is not accepted: ``code`` is one of the codes
    above."""

    def __init__(self, code):
        super(ReceiptRefused, self).__init__(code)
        self.code = code


def is_pdf(data):
    """True when ``data`` starts as a PDF and ends as one."""
    return bool(data) and data.startswith(PDF_MAGIC) and \
        PDF_EOF in data[-PDF_TAIL:]


def read_upload(stream, max_bytes=MAX_BYTES):
    """The bytes of an uploaded file (a file object), read up to
    ``max_bytes``: never more is held in memory."""
    try:
        return image_upload.read_limited(stream, max_bytes)
    except image_upload.ImageRefused as refused:
        raise ReceiptRefused(refused.code)


def clean_receipt(data, filename, max_bytes=MAX_BYTES):
    """Check one receipt: a PDF is kept as sent, an image is re-encoded
    (metadata dropped). Return a ``CleanReceipt`` or raise
    ``ReceiptRefused``."""
    if not data:
        raise ReceiptRefused(EMPTY)
    if max_bytes and len(data) > max_bytes:
        raise ReceiptRefused(TOO_LARGE)
    if data.startswith(PDF_MAGIC):
        if not is_pdf(data):
            raise ReceiptRefused(BROKEN)
        return CleanReceipt(
            data=data, mimetype=PDF_MIMETYPE,
            filename=image_upload.safe_stem(filename, 'receipt') + '.pdf')
    if image_upload.sniff_format(data) is None:
        raise ReceiptRefused(NOT_ACCEPTED)
    try:
        image = image_upload.clean_image(data, filename or 'receipt',
                                         max_bytes)
    except image_upload.ImageRefused as refused:
        code = refused.code
        if code == image_upload.NOT_AN_IMAGE:
            code = NOT_ACCEPTED
        raise ReceiptRefused(code)
    return CleanReceipt(
        data=image.data, mimetype=image.mimetype,
        filename=image_upload.safe_stem(filename, 'receipt')
        + image_upload.EXTENSIONS[image.format])
