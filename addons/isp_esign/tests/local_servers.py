# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Real local servers on 127.0.0.1 for the tests of isp_esign.

- ``LocalSmtpServer``: an aiosmtpd server wired into Odoo as the first
  outgoing mail server (isp_esign does not depend on isp_crm, whose
  tests have the same helper).
- ``LocalHttpSink``: an HTTP server that keeps every POST it receives
  (the SMS gateway's provider).
- ``LocalTsaServer``: an RFC 3161 timestamp authority: ``openssl ts
  -reply`` behind a tiny HTTP handler, with a throw-away TSA certificate.
"""
import datetime
import email
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections import namedtuple
from email import policy

from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ReceivedMessage = namedtuple(
    'ReceivedMessage', ['mail_from', 'rcpt_tos', 'message'])


def free_port(host='127.0.0.1'):
    sock = socket.socket()
    try:
        sock.bind((host, 0))
        return sock.getsockname()[1]
    finally:
        sock.close()


class _CollectingHandler(object):

    def __init__(self, received):
        self.received = received

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=policy.default)
        self.received.append(ReceivedMessage(
            envelope.mail_from, list(envelope.rcpt_tos), message))
        return '250 Message accepted for delivery'


class LocalSmtpServer(object):
    """A local SMTP server and the Odoo mail server pointing at it."""

    def __init__(self, env, host='127.0.0.1'):
        self.env = env
        self.host = host
        self.port = None
        self.received = []
        self.controller = None
        self._thread_testing = None

    def __enter__(self):
        self.port = free_port(self.host)
        self.controller = Controller(
            _CollectingHandler(self.received), hostname=self.host,
            port=self.port, server_hostname='localhost', ready_timeout=10)
        self.controller.start()
        try:
            servers = self.env['ir.mail_server'].sudo()
            lowest = servers.search([], order='sequence', limit=1)
            servers.create({
                'name': 'Local test SMTP server %d' % self.port,
                'smtp_host': self.host,
                'smtp_port': self.port,
                'smtp_encryption': 'none',
                'sequence': min(lowest.sequence, 0) - 1 if lowest else 0,
            })
        except Exception:
            self.controller.stop()
            raise
        thread = threading.currentThread()
        self._thread_testing = getattr(thread, 'testing', False)
        thread.testing = False
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        threading.currentThread().testing = self._thread_testing
        self.controller.stop()
        return False

    def deliver(self, mails=None):
        """Send ``mails`` (default: every outgoing ``mail.mail``) now."""
        if mails is None:
            mails = self.env['mail.mail'].sudo().search(
                [('state', '=', 'outgoing')])
        mails.send(auto_commit=False, raise_exception=True)
        return self.received

    def messages_to(self, address):
        address = address.lower()
        return [received for received in self.received
                if address in [rcpt.lower() for rcpt in received.rcpt_tos]]


class _ServerThread(object):
    """An ``http.server`` in a thread, as a context manager."""

    handler_class = None

    def __enter__(self):
        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(
            ('127.0.0.1', self.port), self.handler_class)
        self.server.owner = self
        self.thread = threading.Thread(target=self.server.serve_forever)
        self.thread.daemon = True
        self.thread.start()
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)
        return False

    @property
    def url(self):
        return 'http://127.0.0.1:%d/' % self.port


class _SinkHandler(http.server.BaseHTTPRequestHandler):

    def do_POST(self):
        owner = self.server.owner
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length)
        owner.received.append({
            'path': self.path,
            'headers': dict(self.headers.items()),
            'body': body,
        })
        status = owner.status
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.end_headers()
        self.wfile.write(json.dumps({'ok': status < 300}).encode())

    def log_message(self, *args):
        pass


class LocalHttpSink(_ServerThread):
    """Keeps every POST (``received``); answers ``status``."""

    handler_class = _SinkHandler

    def __init__(self, status=200):
        self.status = status
        self.received = []

    def json_bodies(self):
        return [json.loads(item['body'].decode('utf-8'))
                for item in self.received]


TSA_CONFIG = """
[ tsa ]
default_tsa = tsa_config1

[ tsa_config1 ]
dir = %(dir)s
serial = %(dir)s/serial
crypto_device = builtin
signer_cert = %(dir)s/tsa_cert.pem
signer_key = %(dir)s/tsa_key.pem
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


class _TsaHandler(http.server.BaseHTTPRequestHandler):

    def do_POST(self):
        owner = self.server.owner
        length = int(self.headers.get('Content-Length') or 0)
        query = self.rfile.read(length)
        with owner.lock:
            query_path = os.path.join(owner.directory, 'query.tsq')
            reply_path = os.path.join(owner.directory, 'reply.tsr')
            with open(query_path, 'wb') as query_file:
                query_file.write(query)
            subprocess.run(
                ['openssl', 'ts', '-reply', '-config', owner.config,
                 '-queryfile', query_path, '-out', reply_path],
                check=True, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
            with open(reply_path, 'rb') as reply_file:
                reply = reply_file.read()
            owner.replies += 1
        self.send_response(200)
        self.send_header('Content-Type', 'application/timestamp-reply')
        self.send_header('Content-Length', str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


class LocalTsaServer(_ServerThread):
    """An RFC 3161 timestamp authority (``openssl ts``) on 127.0.0.1."""

    handler_class = _TsaHandler

    def __init__(self):
        self.replies = 0
        self.lock = threading.Lock()
        self.directory = None
        self.config = None
        self.certificate = None

    def __enter__(self):
        self.directory = tempfile.mkdtemp(prefix='isp_esign_tsa_')
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, 'Test TSA')])
        now = datetime.datetime.now(datetime.timezone.utc)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(key, hashes.SHA256()))
        with open(os.path.join(self.directory, 'tsa_key.pem'), 'wb') as fh:
            fh.write(key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
        with open(os.path.join(self.directory, 'tsa_cert.pem'), 'wb') as fh:
            fh.write(self.certificate.public_bytes(
                serialization.Encoding.PEM))
        with open(os.path.join(self.directory, 'serial'), 'w') as fh:
            fh.write('01\n')
        self.config = os.path.join(self.directory, 'tsa.cnf')
        with open(self.config, 'w') as fh:
            fh.write(TSA_CONFIG % {'dir': self.directory})
        return super(LocalTsaServer, self).__enter__()

    def __exit__(self, exc_type, exc_value, traceback):
        result = super(LocalTsaServer, self).__exit__(
            exc_type, exc_value, traceback)
        shutil.rmtree(self.directory, ignore_errors=True)
        return result
