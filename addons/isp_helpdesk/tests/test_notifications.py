# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.smtp_server import LocalSmtpServer

from .common import IspHelpdeskCommon


def _text(received):
    message = received.message
    part = message.get_body(preferencelist=('html', 'plain'))
    return '%s\n%s' % (message['subject'], part.get_content() if part else '')


@at_install(False)
@post_install(True)
class TestNotifications(IspHelpdeskCommon):

    def setUp(self):
        super(TestNotifications, self).setUp()
        self.ticket = self._ticket(user_id=self.technician.id,
                                   category_id=self.category_fault.id)
        # what creating the ticket queued is not part of these tests
        self.env['mail.mail'].search([('state', '=', 'outgoing')]).unlink()

    def test_customer_receives_the_technicians_public_message(self):
        with LocalSmtpServer(self.env) as smtp:
            self.ticket.sudo(self.technician).message_post(
                body='We sent a technician for tomorrow at 10:00.',
                message_type='comment', subtype='mail.mt_comment')
            smtp.deliver()
            received = smtp.messages_to(self.customer_a.email)
        self.assertEqual(len(received), 1)
        self.assertIn('tomorrow at 10:00', _text(received[0]))

    def test_internal_note_never_reaches_the_customer(self):
        with LocalSmtpServer(self.env) as smtp:
            self.ticket.sudo(self.technician).message_post(
                body='Customer is on the old OLT, migrate.',
                message_type='comment', subtype='mail.mt_note')
            smtp.deliver()
            to_customer = smtp.messages_to(self.customer_a.email)
        self.assertEqual(to_customer, [])

    def test_technician_receives_the_customers_message(self):
        with LocalSmtpServer(self.env) as smtp:
            self.ticket._isp_portal_post_message(
                self.customer_a, 'Still no light on the router.')
            smtp.deliver()
            to_technician = smtp.messages_to(self.technician.email)
            to_customer = smtp.messages_to(self.customer_a.email)
        self.assertEqual(len(to_technician), 1)
        self.assertIn('Still no light', _text(to_technician[0]))
        self.assertEqual(to_customer, [])

    def test_customer_is_told_when_the_ticket_moves(self):
        with LocalSmtpServer(self.env) as smtp:
            self.ticket.sudo(self.technician).write(
                {'stage_id': self.stage_progress.id})
            smtp.deliver()
            received = smtp.messages_to(self.customer_a.email)
        self.assertTrue(received)
        self.assertTrue(any(self.stage_progress.name in _text(r)
                            for r in received))

    def test_assignment_mail_goes_to_the_technician_not_the_customer(self):
        with LocalSmtpServer(self.env) as smtp:
            ticket = self._ticket(user_id=self.billing_technician.id)
            smtp.deliver()
            to_technician = smtp.messages_to(self.billing_technician.email)
            to_customer = smtp.messages_to(self.customer_a.email)
        self.assertTrue(any(ticket.number in _text(r)
                            for r in to_technician))
        self.assertFalse(any('assigned to you' in _text(r)
                             for r in to_customer))

    def test_assignment_mail_is_written_in_the_technicians_language(self):
        self.env['ir.module.module'].search(
            [('name', '=', 'isp_helpdesk')])._update_translations('es_ES')
        self.billing_technician.lang = 'es_ES'
        with LocalSmtpServer(self.env) as smtp:
            ticket = self._ticket(user_id=self.billing_technician.id)
            smtp.deliver()
            to_technician = smtp.messages_to(self.billing_technician.email)
        texts = [_text(r) for r in to_technician if ticket.number in _text(r)]
        self.assertEqual(len(texts), 1)
        self.assertIn('se te ha asignado', texts[0])
        self.assertNotIn('assigned to you', texts[0])
