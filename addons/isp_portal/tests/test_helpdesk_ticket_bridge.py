# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tickets with isp_billing and isp_esign present: affected services and
SMS to the customer through the suite's SMS gateway."""
from odoo.exceptions import ValidationError
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_esign.tests.local_servers import LocalHttpSink
from odoo.addons.isp_helpdesk.tests.common import IspHelpdeskCommon


@at_install(False)
@post_install(True)
class TestHelpdeskTicketBridge(IspHelpdeskCommon):

    @classmethod
    def setUpClass(cls):
        super(TestHelpdeskTicketBridge, cls).setUpClass()
        product = cls.env['product.product'].create(
            {'name': 'Bridge Fibre 600', 'type': 'service'})
        Subscription = cls.env['isp.subscription']
        cls.service_a = Subscription.create({
            'partner_id': cls.customer_a.id, 'product_id': product.id,
            'state': 'active'})
        cls.service_b = Subscription.create({
            'partner_id': cls.customer_b.id, 'product_id': product.id,
            'state': 'active'})
        cls.customer_a.mobile = '+34 600 111 222'

    def _gateway(self, url):
        gateway = self.env['isp.sms.gateway'].create({
            'name': 'Local test SMS', 'url': url,
            'company_id': self.company.id})
        self.company.sms_gateway_id = gateway
        return gateway

    def test_ticket_names_the_affected_services_of_its_customer_only(self):
        ticket = self._ticket(
            isp_subscription_ids=[(6, 0, self.service_a.ids)])
        self.assertEqual(ticket.isp_subscription_ids, self.service_a)
        with self.assertRaises(ValidationError):
            ticket.isp_subscription_ids = [(4, self.service_b.id)]

    def test_customer_gets_an_sms_for_a_public_answer_and_a_move(self):
        ticket = self._ticket(user_id=self.technician.id)
        with LocalHttpSink() as sink:
            self._gateway(sink.url)
            ticket.sudo(self.technician).message_post(
                body='On our way.', message_type='comment',
                subtype='mail.mt_comment')
            ticket.sudo(self.technician).message_post(
                body='Internal only.', message_type='comment',
                subtype='mail.mt_note')
            ticket.sudo(self.technician).write(
                {'stage_id': self.stage_progress.id})
            bodies = sink.json_bodies()
        self.assertEqual([body['to'] for body in bodies],
                         ['+34 600 111 222'] * 2)
        self.assertIn(ticket.number, bodies[0]['text'])
        self.assertIn(self.stage_progress.name, bodies[1]['text'])

    def test_customers_own_message_and_close_send_no_sms(self):
        ticket = self._ticket(user_id=self.technician.id)
        with LocalHttpSink() as sink:
            self._gateway(sink.url)
            ticket._isp_portal_post_message(self.customer_a, 'Any news?')
            ticket._isp_portal_close(self.customer_a, self.stage_done.id)
            received = sink.received
        self.assertEqual(ticket.stage_id, self.stage_done)
        self.assertEqual(received, [])

    def test_failing_gateway_is_logged_on_the_ticket_and_blocks_nothing(self):
        ticket = self._ticket(user_id=self.technician.id)
        with LocalHttpSink(status=500) as sink:
            self._gateway(sink.url)
            message = ticket.sudo(self.technician).message_post(
                body='We replaced the router.', message_type='comment',
                subtype='mail.mt_comment')
            self.assertEqual(len(sink.received), 1)
        self.assertTrue(message.exists())
        notes = ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref('mail.mt_note')
            and 'could not be sent' in (m.body or ''))
        self.assertEqual(len(notes), 1)
        self.assertIn('HTTP 500', notes.body)
