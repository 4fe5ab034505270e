# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install

from .common import IspHelpdeskCommon, oversized_png_bytes, png_bytes


@at_install(False)
@post_install(True)
class TestTicketDefaults(IspHelpdeskCommon):

    def test_each_origin_gives_its_own_defaults(self):
        self.origin_portal.write({
            'team_id': self.area_technical.id,
            'user_id': self.technician.id,
            'stage_id': self.stage_new.id,
            'priority': '1',
        })
        self.origin_payment_receipt.write({
            'team_id': self.area_billing.id,
            'category_id': self.category_receipt.id,
            'user_id': self.billing_technician.id,
            'stage_id': self.stage_progress.id,
            'priority': '2',
        })
        self.origin_plan_request.write({
            'category_id': self.category_fault.id, 'priority': '3'})
        portal = self._ticket(isp_origin='portal',
                              category_id=self.category_fault.id)
        receipt = self._ticket(isp_origin='payment_receipt')
        plan = self._ticket(isp_origin='plan_request')
        self.assertEqual(
            (portal.team_id, portal.user_id, portal.stage_id,
             portal.priority, portal.category_id),
            (self.area_technical, self.technician, self.stage_new, '1',
             self.category_fault))
        self.assertEqual(
            (receipt.team_id, receipt.user_id, receipt.stage_id,
             receipt.priority, receipt.category_id),
            (self.area_billing, self.billing_technician,
             self.stage_progress, '2', self.category_receipt))
        self.assertEqual((plan.category_id, plan.priority),
                         (self.category_fault, '3'))
        self.assertFalse(plan.team_id)

    def test_values_given_by_the_caller_win_over_origin_defaults(self):
        self.origin_payment_receipt.write({
            'team_id': self.area_billing.id, 'priority': '2'})
        ticket = self._ticket(isp_origin='payment_receipt',
                              team_id=self.area_technical.id, priority='0')
        self.assertEqual((ticket.team_id, ticket.priority),
                         (self.area_technical, '0'))

    def test_backend_ticket_without_origin_gets_no_defaults(self):
        self.origin_portal.write({'team_id': self.area_technical.id})
        ticket = self._ticket()
        self.assertFalse(ticket.team_id)
        self.assertFalse(ticket.isp_origin)

    def test_portal_ticket_gets_portal_defaults_and_photo(self):
        self.origin_portal.write({'user_id': self.technician.id,
                                  'team_id': self.area_technical.id})
        ticket = self.env['helpdesk.ticket']._isp_portal_create_ticket(
            self.customer_a, str(self.category_fault.id),
            'No internet\nThe light is red.',
            [('router.png', png_bytes())])
        self.assertEqual(ticket.name, 'No internet')
        self.assertEqual(ticket.isp_origin, 'portal')
        self.assertEqual(ticket.user_id, self.technician)
        self.assertEqual(ticket.team_id, self.area_technical)
        self.assertEqual(ticket.partner_id, self.customer_a)
        self.assertEqual(ticket.attachment_ids.mapped('mimetype'),
                         ['image/png'])
        self.assertIn(self.customer_a, ticket.message_partner_ids)
        self.assertIn(self.technician.partner_id, ticket.message_partner_ids)


@at_install(False)
@post_install(True)
class TestPortalInput(IspHelpdeskCommon):

    def _count(self):
        return self.env['helpdesk.ticket'].search_count(
            [('partner_id', '=', self.customer_a.id)])

    def _assert_refused(self, message_part, category, description,
                        images=()):
        before = self._count()
        attachments = self.env['ir.attachment'].search_count([])
        with self.assertRaises(UserError) as caught:
            self.env['helpdesk.ticket']._isp_portal_create_ticket(
                self.customer_a, category, description, images)
        self.assertIn(message_part, caught.exception.name)
        self.assertEqual(self._count(), before)
        self.assertEqual(self.env['ir.attachment'].search_count([]),
                         attachments)

    def test_empty_description_is_refused(self):
        self._assert_refused('description is empty',
                             self.category_fault.id, '   \n ')

    def test_category_not_offered_in_the_portal_is_refused(self):
        for category in (self.category_hidden.id, 'abc', None, 999999):
            with self.subTest(category=category):
                self._assert_refused('Choose one of the categories',
                                     category, 'Help please')

    def test_file_that_is_not_an_image_is_refused(self):
        self._assert_refused(
            '"contract.pdf" is not an image', self.category_fault.id,
            'See the attachment',
            [('router.png', png_bytes()),
             ('contract.pdf', b'%PDF-1.4\n1 0 obj<<>>endobj')])

    def test_image_larger_than_the_setting_is_refused(self):
        self._assert_refused(
            'larger than 1 MB', self.category_fault.id, 'Big photo',
            [('huge.png', oversized_png_bytes(1))])

    def test_daily_limit_enforced_only_when_enabled(self):
        Ticket = self.env['helpdesk.ticket']
        for dummy in range(3):
            Ticket._isp_portal_create_ticket(
                self.customer_a, self.category_fault.id, 'Again')
        self.company.write({'isp_helpdesk_daily_limit_enabled': True,
                            'isp_helpdesk_daily_limit': 3})
        self._assert_refused('limit of 3 tickets a day',
                             self.category_fault.id, 'Fourth')
        # another customer has their own count; another day is free again
        other = Ticket._isp_portal_create_ticket(
            self.customer_b, self.category_fault.id, 'First of B')
        self.assertEqual(other.partner_id, self.customer_b)
        tomorrow = fields.Date.to_string(
            fields.Date.from_string(fields.Date.today()) + timedelta(days=1))
        self.assertFalse(Ticket._isp_portal_limit_reached(
            self.customer_a, tomorrow))

    def test_only_the_customer_posts_and_closes_from_the_portal(self):
        ticket = self._ticket(self.customer_a)
        with self.assertRaises(AccessError):
            ticket._isp_portal_post_message(self.customer_b, 'Hello')
        with self.assertRaises(AccessError):
            ticket._isp_portal_close(self.customer_b)
        with self.assertRaises(UserError):
            ticket._isp_portal_close(self.customer_a, self.stage_new.id)
        self.assertEqual(ticket.stage_id, self.stage_new)
        ticket._isp_portal_close(self.customer_a, self.stage_done.id)
        self.assertEqual(ticket.stage_id, self.stage_done)


@at_install(False)
@post_install(True)
class TestSla(IspHelpdeskCommon):

    @classmethod
    def setUpClass(cls):
        super(TestSla, cls).setUpClass()
        cls.env['isp.helpdesk.sla'].create({
            'category_id': cls.category_fault.id, 'priority': '2',
            'hours': 8, 'remind_hours': 2})

    def test_deadline_from_category_and_priority(self):
        ticket = self._ticket(category_id=self.category_fault.id,
                              priority='2')
        opened = fields.Datetime.from_string(ticket.create_date)
        self.assertEqual(fields.Datetime.from_string(ticket.date_deadline),
                         opened + timedelta(hours=8))
        ticket.priority = '0'
        self.assertFalse(ticket.date_deadline)

    def test_overdue_ticket_is_found_and_flagged_until_closed(self):
        ticket = self._ticket(category_id=self.category_fault.id,
                              priority='2')
        past = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now())
            - timedelta(hours=1))
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET date_deadline = %s WHERE id = %s",
            (past, ticket.id))
        ticket.invalidate_cache()
        self.assertTrue(ticket.isp_overdue)
        self.assertIn(ticket, self.env['helpdesk.ticket'].search(
            [('isp_overdue', '=', True)]))
        ticket.stage_id = self.stage_done
        self.assertFalse(ticket.isp_overdue)
        self.assertNotIn(ticket, self.env['helpdesk.ticket'].search(
            [('isp_overdue', '=', True)]))

    def test_cron_reminds_the_technician_once_within_the_window(self):
        ticket = self._ticket(category_id=self.category_fault.id,
                              priority='2', user_id=self.technician.id)
        deadline = fields.Datetime.from_string(ticket.date_deadline)
        Ticket = self.env['helpdesk.ticket']
        early = Ticket._cron_remind_sla(deadline - timedelta(hours=3))
        self.assertNotIn(ticket, early)
        reminded = Ticket._cron_remind_sla(fields.Datetime.to_string(
            deadline - timedelta(hours=1)))
        self.assertIn(ticket, reminded)
        self.assertTrue(ticket.isp_sla_reminded)
        mail = self.env['mail.mail'].search(
            [('model', '=', 'helpdesk.ticket'), ('res_id', '=', ticket.id),
             ('subject', 'like', 'is due on')])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.technician.partner_id)
        again = Ticket._cron_remind_sla(deadline)
        self.assertNotIn(ticket, again)
