# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a customer (or an employee outside the helpdesk) may do to a
ticket, whatever the entry point: uploads, followers, notes, sender."""
import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install

from .common import IspHelpdeskCommon, png_bytes, png_with_script


@at_install(False)
@post_install(True)
class TestTicketSecurity(IspHelpdeskCommon):

    @classmethod
    def setUpClass(cls):
        super(TestTicketSecurity, cls).setUpClass()
        cls.office = cls._create_user('hd_office', ['base.group_user'])

    def _messages(self, ticket):
        return self.env['mail.message'].search(
            [('model', '=', 'helpdesk.ticket'), ('res_id', '=', ticket.id)])

    # uploads ------------------------------------------------------------

    def test_png_named_html_is_stored_as_a_clean_png(self):
        Ticket = self.env['helpdesk.ticket']
        ticket = Ticket._isp_portal_create_ticket(
            self.customer_a, self.category_fault.id, 'See the photo',
            [('x.html', png_with_script())])
        ticket._isp_portal_post_message(
            self.customer_a, 'Another one', [('y.htm', png_with_script())])
        files = self.env['ir.attachment'].search(
            [('res_model', '=', 'helpdesk.ticket'),
             ('res_id', '=', ticket.id)], order='id')
        self.assertEqual(files.mapped('mimetype'), ['image/png'] * 2)
        self.assertEqual(files.mapped('datas_fname'), ['x.png', 'y.png'])
        for attachment in files:
            self.assertNotIn(b'<script', base64.b64decode(attachment.datas))

    def test_webp_and_too_many_photos_are_refused_and_create_nothing(self):
        webp = b'RIFF\x1a\x00\x00\x00WEBPVP8 ' + b'\x00' * 20
        self.company.isp_helpdesk_image_max_count = 2
        Ticket = self.env['helpdesk.ticket']
        before = Ticket.search_count([])
        attachments = self.env['ir.attachment'].search_count([])
        for images, message in (
                ([('photo.png', webp)], 'is not an image'),
                ([('a.png', png_bytes())] * 3, 'at most 2 photos')):
            with self.subTest(message=message):
                with self.assertRaises(UserError) as caught:
                    Ticket._isp_portal_create_ticket(
                        self.customer_a, self.category_fault.id, 'Hi',
                        images)
                self.assertIn(message, caught.exception.name)
        self.assertEqual(Ticket.search_count([]), before)
        self.assertEqual(self.env['ir.attachment'].search_count([]),
                         attachments)

    # former customer ------------------------------------------------------

    def test_changing_the_customer_removes_the_former_customers_access(self):
        ticket = self._ticket(self.customer_a)
        self.assertIn(self.customer_a, ticket.message_partner_ids)
        ticket.sudo(self.technician).partner_id = self.customer_b
        self.assertNotIn(self.customer_a, ticket.message_partner_ids)
        self.assertIn(self.customer_b, ticket.message_partner_ids)
        Ticket = self.env['helpdesk.ticket']
        self.assertFalse(Ticket.sudo(self.user_a).search(
            [('id', '=', ticket.id)]))
        with self.assertRaises(AccessError):
            ticket.sudo(self.user_a).read(['name'])
        self.assertEqual(Ticket.sudo(self.user_b).search(
            [('id', '=', ticket.id)]), ticket)

    def test_a_follower_who_is_not_the_customer_cannot_read_the_ticket(self):
        ticket = self._ticket(self.customer_a)
        ticket.message_subscribe(partner_ids=self.customer_b.ids)
        self.assertFalse(self.env['helpdesk.ticket'].sudo(
            self.user_b).search([('id', '=', ticket.id)]))

    # internal notes -------------------------------------------------------

    def test_internal_note_attachments_never_reach_the_customer(self):
        ticket = self._ticket(self.customer_a, user_id=self.technician.id)
        note = ticket.sudo(self.technician).message_post(
            body='OLT port 7', message_type='comment',
            subtype='mail.mt_note', attachments=[('olt.png', png_bytes())])
        public = ticket.sudo(self.technician).message_post(
            body='Photo of the fix', message_type='comment',
            subtype='mail.mt_comment',
            attachments=[('fix.png', png_bytes())])
        secret = note.attachment_ids
        self.assertEqual(len(secret), 1)
        self.assertEqual(ticket.attachment_ids, public.attachment_ids)
        self.assertEqual((secret.res_model, secret.res_id),
                         ('mail.message', note.id))
        Attachment = self.env['ir.attachment'].sudo(self.user_a)
        self.assertFalse(Attachment.search([('id', '=', secret.id)]))
        with self.assertRaises(AccessError):
            secret.sudo(self.user_a).read(['datas'])
        self.assertEqual(Attachment.search(
            [('id', '=', public.attachment_ids.id)]), public.attachment_ids)
        # the technician still reads the note's file
        self.assertTrue(secret.sudo(self.technician).read(['datas']))

    def test_mail_to_the_technician_is_not_in_the_customers_history(self):
        ticket = self._ticket(self.customer_a, user_id=self.technician.id)
        assignment = self._messages(ticket).filtered(
            lambda m: 'is assigned to you' in (m.subject or ''))
        self.assertTrue(assignment)
        self.assertFalse(assignment & ticket.website_message_ids)
        self.assertFalse(self.env['mail.message'].sudo(self.user_a).search(
            [('id', 'in', assignment.ids)]))

    # sender ---------------------------------------------------------------

    def test_customer_message_post_keeps_only_the_text(self):
        ticket = self._ticket(self.customer_a, user_id=self.technician.id)
        message = ticket.sudo(self.user_a).message_post(
            body='Hello', subject='URGENT from the CEO',
            email_from='CEO <ceo@isp.example>', reply_to='ceo@isp.example',
            message_type='notification', subtype='mail.mt_note',
            author_id=self.technician.partner_id.id,
            partner_ids=[self.billing_technician.partner_id.id])
        message = message.sudo()
        self.assertEqual(message.author_id, self.customer_a)
        self.assertIn(self.customer_a.email, message.email_from)
        self.assertNotIn('ceo@', message.email_from + (message.reply_to or ''))
        self.assertNotIn('CEO', message.subject or '')
        self.assertEqual(message.message_type, 'comment')
        self.assertEqual(message.subtype_id, self.env.ref('mail.mt_comment'))
        self.assertFalse(message.partner_ids)

    def test_customer_reply_carries_the_customer_as_sender(self):
        ticket = self._ticket(self.customer_a)
        message = ticket.sudo()._isp_portal_post_message(
            self.customer_a, 'Any news?')
        self.assertEqual(message.author_id, self.customer_a)
        self.assertIn(self.customer_a.email, message.email_from)

    def test_no_customer_message_on_a_closed_ticket(self):
        ticket = self._ticket(self.customer_a)
        ticket._isp_portal_close(self.customer_a, self.stage_done.id)
        count = len(self._messages(ticket))
        with self.assertRaises(UserError):
            ticket._isp_portal_post_message(self.customer_a, 'Reopen?')
        with self.assertRaises(UserError):
            ticket.sudo(self.user_a).message_post(body='Reopen?')
        self.assertEqual(len(self._messages(ticket)), count)

    def test_customer_messages_per_ticket_per_day_are_capped(self):
        self.company.isp_helpdesk_message_daily_limit = 2
        ticket = self._ticket(self.customer_a)
        ticket._isp_portal_post_message(self.customer_a, 'One')
        ticket._isp_portal_post_message(self.customer_a, 'Two')
        with self.assertRaises(UserError) as caught:
            ticket._isp_portal_post_message(self.customer_a, 'Three')
        self.assertIn('limit of 2 messages a day', caught.exception.name)
        self.assertEqual(len(self._messages(ticket).filtered(
            lambda m: m.author_id == self.customer_a)), 2)

    def test_close_offers_only_the_closing_stages_of_the_ticket_area(self):
        Stage = self.env['helpdesk.ticket.stage']
        billing_only = Stage.create({
            'name': 'Refunded', 'closed': True,
            'isp_team_ids': [(6, 0, self.area_billing.ids)]})
        other_company = Stage.create({
            'name': 'Closed elsewhere', 'closed': True,
            'company_id': self.env['res.company'].create(
                {'name': 'Other ISP'}).id})
        ticket = self._ticket(self.customer_a, team_id=self.area_technical.id)
        stages = ticket._isp_closing_stages()
        self.assertIn(self.stage_done, stages)
        self.assertNotIn(billing_only, stages)
        self.assertNotIn(other_company, stages)
        with self.assertRaises(UserError):
            ticket._isp_portal_close(self.customer_a, billing_only.id)
        self.assertFalse(ticket.closed)
        ticket.team_id = self.area_billing
        self.assertIn(billing_only, ticket._isp_closing_stages())

    # public methods -------------------------------------------------------

    def test_assignment_mail_is_sent_only_by_who_may_change_the_ticket(self):
        ticket = self._ticket(self.customer_a, user_id=self.technician.id)
        count = len(self._messages(ticket))
        for user in (self.user_a, self.office):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    ticket.sudo(user).send_user_mail()
        self.assertEqual(len(self._messages(ticket)), count)

    def test_settings_are_changed_by_the_settings_group_only(self):
        Settings = self.env['res.config.settings']
        for user in (self.user_a, self.office, self.technician):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Settings.sudo(user).browse().set_values()
                with self.assertRaises(AccessError):
                    Settings.sudo(user).browse() \
                        .action_isp_helpdesk_origin_defaults()
        action = Settings.create({}).action_isp_helpdesk_origin_defaults()
        self.assertEqual(action['res_model'], 'isp.helpdesk.origin')

    def test_sla_of_another_company_is_not_visible(self):
        other = self.env['res.company'].create({'name': 'Other ISP SLA'})
        category = self.env['helpdesk.ticket.category'].create(
            {'name': 'Other fault', 'company_id': other.id})
        sla = self.env['isp.helpdesk.sla'].create({
            'category_id': category.id, 'priority': '2', 'hours': 4})
        Sla = self.env['isp.helpdesk.sla'].sudo(self.technician)
        self.assertFalse(Sla.search([('id', '=', sla.id)]))
        self.assertEqual(self.env['isp.helpdesk.sla'].search(
            [('id', '=', sla.id)]), sla)

    def test_files_stored_before_the_fix_are_made_safe(self):
        ticket = self._ticket(self.customer_a, user_id=self.technician.id)
        note = ticket.sudo(self.technician).message_post(
            body='Old note', message_type='comment', subtype='mail.mt_note',
            attachments=[('old.png', png_bytes())])
        Attachment = self.env['ir.attachment']
        html = Attachment.create({
            'name': 'x.html', 'datas_fname': 'x.html',
            'datas': base64.b64encode(png_with_script()),
            'mimetype': 'text/html',
            'res_model': 'helpdesk.ticket', 'res_id': ticket.id})
        # as they were stored before: on the ticket
        note.attachment_ids.write(
            {'res_model': 'helpdesk.ticket', 'res_id': ticket.id})
        self.assertEqual(ticket._isp_fix_stored_attachments(), 2)
        self.assertEqual(
            (note.attachment_ids.res_model, note.attachment_ids.res_id),
            ('mail.message', note.id))
        self.assertEqual(html.mimetype, 'text/plain')
        self.assertEqual(ticket.attachment_ids, html)

    def test_customer_cannot_put_an_active_file_on_their_ticket(self):
        ticket = self._ticket(self.customer_a)
        Attachment = self.env['ir.attachment'].sudo(self.user_a)
        with self.assertRaises(AccessError):
            Attachment.create({
                'name': 'x.html', 'datas_fname': 'x.html',
                'datas': base64.b64encode(b'<script>alert(1)</script>'),
                'mimetype': 'text/html',
                'res_model': 'helpdesk.ticket', 'res_id': ticket.id})
        photo = ticket._isp_portal_post_message(
            self.customer_a, 'Photo', [('p.png', png_bytes())])
        with self.assertRaises(AccessError):
            photo.attachment_ids.sudo(self.user_a).write(
                {'mimetype': 'text/html', 'datas_fname': 'p.html'})
        try:
            message = ticket.sudo(self.user_a).message_post(
                body='Through the API',
                attachments=[('x.html', png_with_script())])
        except AccessError:
            message = self.env['mail.message']
        self.assertEqual(
            message.sudo().attachment_ids.mapped('mimetype'),
            ['image/png'] if message else [])
        self.assertEqual(
            set(ticket.attachment_ids.mapped('mimetype')), {'image/png'})
