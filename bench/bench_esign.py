"""Time to produce a sealed PDF (isp_esign), without a database.

Imports isp_esign's rules by path, makes a demo-style certificate (RSA
2048, self-signed) and, N times (BENCH_ROUNDS, default 20): builds the
signature block and audit page of a 3-page document, merges them with it
and seals the result as PAdES. Prints median and 95th percentile seconds
per sealed PDF (target: 1 s or less); asserts nothing.
"""
import datetime
import importlib.util
import io
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(ROOT, 'addons', 'isp_esign', 'rules')
ROUNDS = int(os.environ.get('BENCH_ROUNDS', '20'))


def load(name):
    spec = importlib.util.spec_from_file_location(
        'isp_esign_rules_' + name, os.path.join(RULES, name + '.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def signature_png():
    from PIL import Image, ImageDraw
    image = Image.new('RGBA', (400, 150), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 130), (120, 20), (250, 110), (390, 15)],
                               fill=(0, 0, 0, 255), width=4)
    output = io.BytesIO()
    image.save(output, format='PNG')
    return output.getvalue()


def main():
    sealing = load('sealing')
    evidence = load('evidence')
    now = datetime.datetime.utcnow()
    p12 = sealing.make_self_signed_pkcs12(
        'DEMO seal of Bench ISP - not for production', 'bench', now,
        organization='Bench ISP')
    document = sealing.text_pdf([
        ['Contract page %d' % page] + ['Clause %d.%d' % (page, line)
                                       for line in range(40)]
        for page in range(1, 4)])
    png = signature_png()
    labels = {
        'title': 'Electronic signature', 'signature': 'Signature',
        'audit': 'Audit trail', 'audit_intro': 'Events, in order (UTC).',
        'columns': ['#', 'Date (UTC)', 'Event', 'IP', 'Details', 'Hash'],
    }
    entries = [{'event': name, 'sequence': index + 1, 'ip': '10.0.0.7'}
               for index, name in enumerate(
                   ['created', 'sent', 'opened', 'code_sent',
                    'code_verified', 'signed'])]
    links = evidence.build_chain(entries)
    events = [dict(entry, date=now.strftime('%Y-%m-%d %H:%M:%S'),
                   details='sms +34600111222', hash=link[1])
              for entry, link in zip(entries, links)]
    info = [('Document', 'Contract.pdf'), ('Signed by', 'Ana Signer'),
            ('Document SHA-256', evidence.sha256_hex(document))]
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        pages = sealing.build_evidence_pdf(info, events, labels, png)
        merged = sealing.merge_pdfs(document, pages)
        sealed = sealing.seal_pdf(merged, p12, 'bench', now,
                                  reason='Signed by Ana Signer')
        times.append(time.perf_counter() - started)
    status = sealing.validate_sealed_pdf(sealed)
    if not (status['intact'] and status['valid']):
        sys.exit('the sealed PDF does not validate: %s' % status)
    times.sort()
    p95 = times[max(0, int(round(len(times) * 0.95)) - 1)]
    print('sealed PDF (%d pages, %d bytes)  n=%d  median %.3f s  '
          'p95 %.3f s  max %.3f s' % (
              sealing.page_count(sealed), len(sealed), len(times),
              statistics.median(times), p95,
              max(times)))


if __name__ == '__main__':
    main()
