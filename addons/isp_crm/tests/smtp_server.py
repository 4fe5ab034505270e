# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A real SMTP server on 127.0.0.1 for the suite's tests.

Usage (any addon of the suite)::

    from odoo.addons.isp_crm.tests.smtp_server import LocalSmtpServer

    with LocalSmtpServer(self.env) as smtp:
        smtp.deliver(mails)            # or smtp.deliver() for the queue
        received = smtp.messages_to('operator@example.com')
        ics = smtp.calendar_parts(received[0])

Inside the ``with`` block:

- an aiosmtpd server listens on a free port of 127.0.0.1 and keeps every
  message it receives (``smtp.received``: envelope sender, envelope
  recipients and the message parsed with the ``email`` package);
- an ``ir.mail_server`` record of the highest priority points at it (it is
  created in the test's transaction, so the test's rollback removes it);
- Odoo's test-mode block on sending (``threading.currentThread().testing``,
  see ``ir.mail_server.send_email`` and ``connect``) is lifted, and put back
  on exit.

``deliver`` sends with ``mail.mail.send()`` (``auto_commit=False``):
``process_email_queue`` commits after each mail when the thread is not in
test mode, which a test must not do. In an ``HttpCase`` the registry's own
test mode still blocks sending: use a ``SavepointCase``/``TransactionCase``.
"""
import email
import socket
import threading
from collections import namedtuple
from email import policy

from aiosmtpd.controller import Controller

ReceivedMessage = namedtuple(
    'ReceivedMessage', ['mail_from', 'rcpt_tos', 'message'])


def free_port(host='127.0.0.1'):
    """A TCP port of ``host`` that nobody listens on right now."""
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
    """Context manager: a local SMTP server wired into Odoo (see module)."""

    def __init__(self, env, host='127.0.0.1', port=None):
        self.env = env
        self.host = host
        self.port = port
        self.received = []
        self.controller = None
        self.mail_server = None
        self._thread_testing = None

    def __enter__(self):
        self.port = self.port or free_port(self.host)
        self.controller = Controller(
            _CollectingHandler(self.received), hostname=self.host,
            port=self.port, server_hostname='localhost', ready_timeout=10)
        self.controller.start()
        try:
            servers = self.env['ir.mail_server'].sudo()
            lowest = servers.search([], order='sequence', limit=1)
            self.mail_server = servers.create({
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
        """Received messages whose envelope recipients include
        ``address``."""
        address = address.lower()
        return [received for received in self.received
                if address in [rcpt.lower() for rcpt in received.rcpt_tos]]

    @staticmethod
    def calendar_parts(received):
        """The ``text/calendar`` parts of a received message."""
        message = getattr(received, 'message', received)
        return [part for part in message.walk()
                if part.get_content_type() == 'text/calendar']
