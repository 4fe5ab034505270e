# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import importlib
import io
import unittest
from unittest import mock

from PIL import Image, PngImagePlugin

from odoo.addons.isp_helpdesk.rules import image_upload as rule

# Odoo keeps Pillow from loading every plugin; the tests write these formats
for _plugin in ('TiffImagePlugin', 'WebPImagePlugin'):
    importlib.import_module('PIL.' + _plugin)

SCRIPT = b'<script>alert(document.cookie)</script>'


def image_bytes(image_format='PNG', size=(8, 8), mode='RGB', **save):
    buffer = io.BytesIO()
    Image.new(mode, size, 128).save(buffer, format=image_format, **save)
    return buffer.getvalue()


def png_with_script():
    info = PngImagePlugin.PngInfo()
    info.add_text('Comment', SCRIPT.decode())
    return image_bytes('PNG', pnginfo=info)


def png_header_claiming(width, height):
    """A PNG whose header announces ``width`` x ``height`` pixels (the
    rest is missing: nothing must try to decode it)."""
    import struct
    import zlib
    ihdr = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    chunk = b'IHDR' + ihdr
    return (rule.PNG_MAGIC + struct.pack('>I', len(ihdr)) + chunk
            + struct.pack('>I', zlib.crc32(chunk))
            + struct.pack('>I', 16) + b'IDAT' + b'\x00' * 20)


class TestImageUploadRules(unittest.TestCase):

    def test_format_comes_from_the_bytes_only(self):
        cases = [
            (image_bytes('PNG'), 'PNG'),
            (image_bytes('JPEG'), 'JPEG'),
            (image_bytes('GIF'), None),
            (image_bytes('BMP'), None),
            (image_bytes('TIFF'), None),
            (image_bytes('WEBP'), None),
            (b'<svg xmlns="http://www.w3.org/2000/svg"/>', None),
            (b'<html><script>x</script></html>', None),
            (b'', None),
        ]
        for data, expected in cases:
            with self.subTest(data=data[:12]):
                self.assertEqual(rule.sniff_format(data), expected)

    def test_other_formats_are_refused_before_any_decoder_runs(self):
        others = [image_bytes(f) for f in ('GIF', 'BMP', 'TIFF', 'WEBP')]
        others.append(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
        with mock.patch.object(rule.Image, 'open') as image_open:
            for data in others:
                with self.subTest(data=data[:12]):
                    with self.assertRaises(rule.ImageRefused) as caught:
                        rule.clean_image(data, 'photo.png', rule.MEGABYTE)
                    self.assertEqual(caught.exception.code,
                                     rule.NOT_AN_IMAGE)
        image_open.assert_not_called()

    def test_accepted_images_are_reencoded_with_type_and_name(self):
        cases = [
            (png_with_script(), 'x.html', 'image/png', 'x.png'),
            (image_bytes('JPEG'), '../../etc/passwd', 'image/jpeg',
             'passwd.jpg'),
            (image_bytes('PNG', mode='P'), 'Façade été.PNG', 'image/png',
             'Facade-ete.png'),
            (image_bytes('PNG', mode='RGBA'), '', 'image/png', 'image.png'),
            (image_bytes('JPEG', mode='CMYK'), 'scan.jpeg', 'image/jpeg',
             'scan.jpg'),
            (image_bytes('PNG'), '<img onerror=x>.svg', 'image/png',
             'img-onerror-x.png'),
        ]
        for data, name, mimetype, filename in cases:
            with self.subTest(name=name):
                clean = rule.clean_image(data, name, rule.MEGABYTE)
                self.assertEqual((clean.mimetype, clean.filename),
                                 (mimetype, filename))
                self.assertEqual(rule.sniff_format(clean.data),
                                 clean.format)
                self.assertNotIn(b'<script', clean.data)
                self.assertNotIn(b'tEXt', clean.data)

    def test_pixel_budget_is_checked_from_the_header_before_decoding(self):
        for width, height in ((6000, 6000), (50000, 50000)):
            huge = png_header_claiming(width, height)
            with mock.patch.object(rule.Image.Image, 'load') as load:
                with self.assertRaises(rule.ImageRefused) as caught:
                    rule.clean_image(huge, 'bomb.png', rule.MEGABYTE)
            self.assertEqual(caught.exception.code, rule.TOO_MANY_PIXELS)
            load.assert_not_called()
        with self.assertRaises(rule.ImageRefused) as caught:
            rule.clean_image(image_bytes('PNG', size=(40, 40)), 'a.png',
                             rule.MEGABYTE, max_pixels=1000)
        self.assertEqual(caught.exception.code, rule.TOO_MANY_PIXELS)

    def test_decompression_bomb_warning_is_a_refusal(self):
        data = image_bytes('PNG', size=(40, 40))
        with mock.patch.object(rule.Image, 'MAX_IMAGE_PIXELS', 1000):
            with self.assertRaises(rule.ImageRefused) as caught:
                rule.clean_image(data, 'a.png', rule.MEGABYTE)
        self.assertEqual(caught.exception.code, rule.TOO_MANY_PIXELS)

    def test_bad_uploads_are_refused_with_their_code(self):
        png = image_bytes('PNG')
        cases = [
            (b'', 1000, rule.EMPTY),
            (png + b'\x00' * 2000, 1000, rule.TOO_LARGE),
            (png[:30], 1000, rule.BROKEN),
            (rule.JPEG_MAGIC + b'\x00' * 40, 1000, rule.BROKEN),
            (b'%PDF-1.4', 1000, rule.NOT_AN_IMAGE),
        ]
        for data, max_bytes, code in cases:
            with self.subTest(code=code, data=data[:8]):
                with self.assertRaises(rule.ImageRefused) as caught:
                    rule.clean_image(data, 'f.png', max_bytes)
                self.assertEqual((caught.exception.code,
                                  caught.exception.filename), (code, 'f.png'))

    def test_large_images_are_scaled_within_the_bounds(self):
        data = image_bytes('JPEG', size=(3000, 1000))
        clean = rule.clean_image(data, 'wide.jpg', 5 * rule.MEGABYTE,
                                 max_side=1200)
        self.assertEqual(clean.size, (1200, 400))
        self.assertLessEqual(len(clean.data), 5 * rule.MEGABYTE)

    def test_reading_stops_past_the_size_limit(self):
        stream = io.BytesIO(b'x' * 5000)
        with self.assertRaises(rule.ImageRefused) as caught:
            rule.read_limited(stream, 1000, 'big.png')
        self.assertEqual(caught.exception.code, rule.TOO_LARGE)
        self.assertEqual(stream.tell(), 1001)
        self.assertEqual(rule.read_limited(io.BytesIO(b'abc'), 3), b'abc')

    def test_number_of_files_is_capped(self):
        rule.check_count(3, 3)
        rule.check_count(10, 0)
        with self.assertRaises(rule.ImageRefused) as caught:
            rule.check_count(4, 3)
        self.assertEqual(caught.exception.code, rule.TOO_MANY_FILES)
