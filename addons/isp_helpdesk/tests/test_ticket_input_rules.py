# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import unittest

from PIL import Image

from odoo.addons.isp_helpdesk.rules import ticket_input


def image_bytes(image_format='PNG', size=(8, 8)):
    buffer = io.BytesIO()
    Image.new('RGB', size, (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


class TestTicketInputRules(unittest.TestCase):

    def test_check_image_reads_the_content_not_the_name(self):
        png = image_bytes('PNG')
        jpeg = image_bytes('JPEG')
        cases = [
            (png, 1, (None, 'PNG')),
            (jpeg, 1, (None, 'JPEG')),
            (b'%PDF-1.4 not an image', 1,
             (ticket_input.IMAGE_NOT_AN_IMAGE, None)),
            (b'GIF89a' + b'\x00' * 10, 1,
             (ticket_input.IMAGE_NOT_AN_IMAGE, None)),
            (png[:20], 1, (ticket_input.IMAGE_NOT_AN_IMAGE, None)),
            (b'', 1, (ticket_input.IMAGE_EMPTY, None)),
            (b'\x89PNG' + b'0' * ticket_input.MEGABYTE, 1,
             (ticket_input.IMAGE_TOO_LARGE, None)),
            (png, 0, (None, 'PNG')),
        ]
        for data, max_mb, expected in cases:
            with self.subTest(data=data[:8], max_mb=max_mb):
                self.assertEqual(
                    ticket_input.check_image(data, max_mb), expected)

    def test_daily_limit_reached_only_when_enabled(self):
        cases = [
            (False, 1, 10, False),
            (True, 3, 2, False),
            (True, 3, 3, True),
            (True, 3, 4, True),
            (True, 0, 0, True),
        ]
        for enabled, limit, count, expected in cases:
            with self.subTest(enabled=enabled, limit=limit, count=count):
                self.assertEqual(ticket_input.daily_limit_reached(
                    enabled, limit, count), expected)

    def test_ticket_title_is_first_non_empty_line_shortened(self):
        cases = [
            ('No internet\nsince today', 'No internet'),
            ('\n\n  Router red light  \nmore', 'Router red light'),
            ('x' * 70, 'x' * 59 + '\u2026'),
            ('', ''),
        ]
        for description, expected in cases:
            with self.subTest(description=description):
                self.assertEqual(
                    ticket_input.ticket_title(description), expected)
