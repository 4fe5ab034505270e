# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A real HTTP server on 127.0.0.1 for the tests of the network webhook:
it keeps every POST it receives (headers and raw body) and answers
``status``. (The same pattern as isp_esign's test servers, which
isp_billing does not depend on.)"""
import http.server
import json
import socket
import threading


def free_port(host='127.0.0.1'):
    sock = socket.socket()
    try:
        sock.bind((host, 0))
        return sock.getsockname()[1]
    finally:
        sock.close()


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


class LocalHttpSink(object):
    """An ``http.server`` in a thread, as a context manager: keeps every
    POST (``received``) and answers ``status``."""

    def __init__(self, status=200):
        self.status = status
        self.received = []

    def __enter__(self):
        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(
            ('127.0.0.1', self.port), _SinkHandler)
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
        return 'http://127.0.0.1:%d/isp-events' % self.port
