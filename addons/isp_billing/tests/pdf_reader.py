# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reading a PDF the way its reader does: the text of each page
(pdftotext) and the QR codes on each page (pdftoppm draws the page, zbarimg
reads the codes). Plain Python, no Odoo: the suite-level tests (the demo
database's invoices) load it by its path too."""
import os
import shutil
import subprocess
import tempfile


def zbar_text(data):
    """The text of a QR code read by zbar. The EPC code is UTF-8 (charset
    1) without an ECI marker; zbar then guesses ISO-8859-1 and returns that
    reading in UTF-8: undo the guess when it applies."""
    text = data.decode('utf-8')
    try:
        return text.encode('latin-1').decode('utf-8')
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def pdf_pages_text(pdf):
    """The text of each page of a PDF (pdftotext, pages split on form
    feed)."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.check_output(
            ['pdftotext', '-layout', handle.name, '-']).decode('utf-8')
    pages = text.split('\f')
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_qr_codes(pdf):
    """{page number: [texts of the QR codes on it]} of a PDF: pdftoppm
    draws each page at 200 dpi, zbarimg reads the codes."""
    directory = tempfile.mkdtemp(prefix='isp_qr_')
    try:
        path = os.path.join(directory, 'doc.pdf')
        with open(path, 'wb') as handle:
            handle.write(pdf)
        subprocess.check_call(['pdftoppm', '-r', '200', '-png', path,
                               os.path.join(directory, 'page')])
        codes = {}
        images = sorted(name for name in os.listdir(directory)
                        if name.endswith('.png'))
        for number, name in enumerate(images, 1):
            result = subprocess.run(
                ['zbarimg', '--quiet', '--raw', '-Sdisable',
                 '-Sqrcode.enable', '-Sbinary',
                 os.path.join(directory, name)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            # exit 4: no code on the page
            codes[number] = [zbar_text(result.stdout).rstrip('\n')] \
                if result.returncode == 0 and result.stdout else []
        return codes
    finally:
        shutil.rmtree(directory, ignore_errors=True)
