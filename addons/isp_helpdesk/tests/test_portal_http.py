# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ticket routes over HTTP: who may read, post and close what."""
import json
import re

from odoo.tests.common import HttpCase, at_install, post_install
from odoo.tools import config

from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor

from .common import (HelpdeskFixtures, oversized_png_bytes, png_bytes,
                     png_with_script)

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@at_install(False)
@post_install(True)
class TestPortalHttp(HttpCase):

    def setUp(self):
        super(TestPortalHttp, self).setUp()
        # what the server must see lives on the registry's test cursor
        self.env = self.env(cr=self.registry.test_cr)
        HelpdeskFixtures.build(self.env, self, prefix='hdhttp')
        self.ticket_a = HelpdeskFixtures.ticket(
            self.env, self.customer_a, name='Ana router ticket',
            category_id=self.category_fault.id,
            user_id=self.technician.id)
        self.ticket_b = HelpdeskFixtures.ticket(
            self.env, self.customer_b, name='Bea secret ticket',
            description='Bea private description',
            category_id=self.category_fault.id)
        self.ticket_a.sudo(self.technician).message_post(
            body='INTERNAL-NOTE-OLT-7', message_type='comment',
            subtype='mail.mt_note')
        self.ticket_a.sudo(self.technician).message_post(
            body='PUBLIC-ANSWER-42', message_type='comment',
            subtype='mail.mt_comment')
        self._share()

    # helpers -----------------------------------------------------------

    def _share(self):
        """Let the next request see what the test wrote since the last
        one: a request opening the shared test cursor rolls it back to its
        last savepoint, and TestCursor.commit() only moves that savepoint
        (nothing reaches the database for real)."""
        self.registry.test_cr.commit()

    def _login(self, user):
        self._authenticate(user.login, user.login)

    def _authenticate(self, login, password):
        authenticate_on_test_cursor(self, login, password)

    def _get(self, url):
        return self.opener.get(self._url(url), allow_redirects=False,
                               timeout=30)

    def _post(self, url, data=None, files=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data['csrf_token'] = self._csrf()
        return self.opener.post(self._url(url), data=data, files=files,
                                allow_redirects=False, timeout=30)

    def _json(self, url, params):
        return self.opener.post(
            self._url(url), timeout=30,
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call',
                             'params': params}),
            headers={'Content-Type': 'application/json'})

    @staticmethod
    def _url(url):
        return 'http://127.0.0.1:%d%s' % (config['http_port'], url)

    def _csrf(self):
        page = self.opener.get(self._url('/new/ticket'), timeout=30)
        return CSRF_RE.search(page.text).group(1)

    def _messages(self, ticket):
        return self.env['mail.message'].search_count(
            [('model', '=', 'helpdesk.ticket'), ('res_id', '=', ticket.id)])

    def _tickets_of(self, partner):
        return self.env['helpdesk.ticket'].search_count(
            [('partner_id', '=', partner.id)])

    # access matrix -----------------------------------------------------

    def test_customer_cannot_read_post_on_or_close_another_customers_ticket(
            self):
        self._login(self.user_a)
        ticket = self.ticket_b
        messages = self._messages(ticket)
        stage = ticket.stage_id

        self.assertEqual(self._get('/my/ticket/%d' % ticket.id).status_code,
                         404)
        response = self._post('/my/ticket/%d/message' % ticket.id,
                              {'message': 'I was here'})
        self.assertEqual(response.status_code, 404)
        response = self._post('/ticket/close', {
            'ticket_id': ticket.id, 'stage_id': self.stage_done.id})
        self.assertEqual(response.status_code, 404)
        # helpdesk_mgmt's form closed tickets with a GET: no longer
        response = self._get('/ticket/close?ticket_id=%d&stage_id=%d' % (
            ticket.id, self.stage_done.id))
        self.assertEqual(response.status_code, 405)
        response = self._post('/mail/chatter_post', {
            'res_model': 'helpdesk.ticket', 'res_id': ticket.id,
            'message': 'Through the generic chatter'})
        self.assertEqual(response.status_code, 404)
        response = self._json('/mail/chatter_fetch', {
            'res_model': 'helpdesk.ticket', 'res_id': ticket.id})
        self.assertEqual(response.status_code, 404)
        response = self._json('/mail/chatter_init', {
            'res_model': 'helpdesk.ticket', 'res_id': ticket.id})
        self.assertEqual(response.status_code, 404)
        listing = self._get('/my/tickets')
        self.assertEqual(listing.status_code, 200)
        self.assertNotIn('Bea secret ticket', listing.text)
        self.assertIn('Ana router ticket', listing.text)

        ticket.invalidate_cache()
        self.assertEqual(self._messages(ticket), messages)
        self.assertEqual(ticket.stage_id, stage)

    def test_anonymous_is_sent_to_the_login_page(self):
        for url in ('/my/tickets', '/my/ticket/%d' % self.ticket_a.id,
                    '/new/ticket'):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertIn(response.status_code, (302, 303))
                self.assertIn('/web/login', response.headers['Location'])
        response = self._json('/mail/chatter_fetch', {
            'res_model': 'helpdesk.ticket', 'res_id': self.ticket_a.id})
        self.assertEqual(response.status_code, 404)

    def test_customer_reads_the_conversation_without_internal_notes(self):
        self._login(self.user_a)
        page = self._get('/my/ticket/%d' % self.ticket_a.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn('PUBLIC-ANSWER-42', page.text)
        self.assertNotIn('INTERNAL-NOTE-OLT-7', page.text)
        fetched = self._json('/mail/chatter_fetch', {
            'res_model': 'helpdesk.ticket', 'res_id': self.ticket_a.id,
            'limit': 50}).json()['result']
        bodies = ' '.join(m['body'] for m in fetched['messages'])
        self.assertIn('PUBLIC-ANSWER-42', bodies)
        self.assertNotIn('INTERNAL-NOTE-OLT-7', bodies)
        # nor by searching the messages directly
        found = self.env['mail.message'].sudo(self.user_a).search(
            [('model', '=', 'helpdesk.ticket'),
             ('res_id', '=', self.ticket_a.id)])
        self.assertNotIn('INTERNAL-NOTE-OLT-7',
                         ' '.join(found.sudo().mapped('body')))

    def test_customer_posts_a_message_with_a_photo_and_closes(self):
        self._login(self.user_a)
        before = self._messages(self.ticket_a)
        response = self._post(
            '/my/ticket/%d/message' % self.ticket_a.id,
            {'message': 'Here is the photo'},
            files=[('images', ('router.png', png_bytes(), 'image/png'))])
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._messages(self.ticket_a), before + 1)
        message = self.env['mail.message'].search(
            [('model', '=', 'helpdesk.ticket'),
             ('res_id', '=', self.ticket_a.id)], order='id desc', limit=1)
        self.assertEqual(message.author_id, self.customer_a)
        self.assertEqual(message.attachment_ids.mapped('name'),
                         ['router.png'])
        refused = self._post(
            '/my/ticket/%d/message' % self.ticket_a.id,
            {'message': 'A PDF'},
            files=[('images', ('bill.pdf', b'%PDF-1.4', 'image/png'))])
        self.assertEqual(refused.status_code, 400)
        self.assertIn('is not an image', refused.text)
        # the typed message is shown again, to send it with another file
        self.assertRegex(refused.text,
                         r'<textarea[^>]*name="message"[^>]*>A PDF</textarea>')
        self.assertEqual(self._messages(self.ticket_a), before + 1)

        response = self._post('/ticket/close', {
            'ticket_id': self.ticket_a.id,
            'stage_id': self.stage_done.id})
        self.assertEqual(response.status_code, 303)
        self.ticket_a.invalidate_cache()
        self.assertEqual(self.ticket_a.stage_id, self.stage_done)

    def test_new_ticket_from_the_portal_and_bad_input_creates_nothing(self):
        self._login(self.user_a)
        form = self._get('/new/ticket')
        self.assertEqual(form.status_code, 200)
        self.assertIn('Restart the router first.', form.text)
        self.assertNotIn('Test back office only', form.text)
        # one file field (a phone offers its camera and its gallery)
        self.assertEqual(len(re.findall(r'<input[^>]*type="file"',
                                        form.text)), 1)
        self.assertRegex(form.text, r'<input[^>]*type="file"[^>]*'
                                    r'accept="image/\*"[^>]*multiple')
        count = self._tickets_of(self.customer_a)
        photo = ('images', ('router.png', png_bytes(), 'image/png'))
        bad = [
            ({'category': self.category_fault.id, 'description': '  '},
             [], 'description is empty'),
            ({'category': self.category_hidden.id, 'description': 'Hi'},
             [], 'Choose one of the categories'),
            ({'category': self.category_fault.id, 'description': 'Hi'},
             [photo, ('images', ('notes.txt', b'hello', 'image/jpeg'))],
             'is not an image'),
            ({'category': self.category_fault.id, 'description': 'Hi'},
             [('images', ('big.png', oversized_png_bytes(1),
                          'image/png'))], 'larger than 1 MB'),
        ]
        for data, files, message in bad:
            with self.subTest(message=message):
                response = self._post('/submitted/ticket', data, files)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                # the form comes back with what the customer typed
                if data['category'] == self.category_fault.id:
                    self.assertRegex(
                        response.text, r'<option[^>]*value="%d"[^>]*'
                        r'selected' % data['category'])
                if data['description'].strip():
                    self.assertRegex(
                        response.text, r'<textarea[^>]*name="description"'
                        r'[^>]*>%s</textarea>' % data['description'])
                self.assertEqual(self._tickets_of(self.customer_a), count)

        response = self._post('/submitted/ticket', {
            'category': self.category_fault.id,
            'description': 'Fibre down\nRed light'}, [photo])
        self.assertEqual(response.status_code, 303)
        ticket = self.env['helpdesk.ticket'].search(
            [('partner_id', '=', self.customer_a.id)],
            order='id desc', limit=1)
        self.assertEqual(response.headers['Location'].rsplit('/', 1)[-1],
                         str(ticket.id))
        self.assertEqual((ticket.name, ticket.isp_origin),
                         ('Fibre down', 'portal'))
        self.assertEqual(len(ticket.attachment_ids), 1)

    def test_daily_limit_refused_by_the_server_and_button_disabled(self):
        self.company.write({'isp_helpdesk_daily_limit_enabled': True,
                            'isp_helpdesk_daily_limit': 1})
        self._share()
        self._login(self.user_a)
        first = self._post('/submitted/ticket', {
            'category': self.category_fault.id, 'description': 'First'})
        self.assertEqual(first.status_code, 303)
        count = self._tickets_of(self.customer_a)
        second = self._post('/submitted/ticket', {
            'category': self.category_fault.id, 'description': 'Second'})
        self.assertEqual(second.status_code, 429)
        self.assertIn('limit of 1 tickets a day', second.text)
        self.assertEqual(self._tickets_of(self.customer_a), count)
        form = self._get('/new/ticket')
        self.assertRegex(form.text,
                         r'<button[^>]*o_isp_submit_ticket[^>]*disabled')
        self.assertIn('o_isp_limit_message', form.text)

    def test_open_only_setting_hides_closed_tickets_and_search_works(self):
        self.ticket_a.stage_id = self.stage_done
        HelpdeskFixtures.ticket(self.env, self.customer_a,
                                name='Ana open modem ticket')
        self._share()
        self._login(self.user_a)
        listing = self._get('/my/tickets?search=modem').text
        self.assertIn('Ana open modem ticket', listing)
        self.assertNotIn('Ana router ticket', listing)
        self.assertIn('Ana router ticket', self._get('/my/tickets').text)
        self.company.isp_helpdesk_portal_open_only = True
        self._share()
        listing = self._get('/my/tickets').text
        self.assertIn('Ana open modem ticket', listing)
        self.assertNotIn('Ana router ticket', listing)

    # issue 12: uploads, former customer, notes, sender -----------------

    def _rpc(self, model, method, args, kwargs=None):
        return self._json('/web/dataset/call_kw', {
            'model': model, 'method': method, 'args': args,
            'kwargs': kwargs or {}}).json()

    def test_png_named_html_is_stored_and_served_as_png(self):
        self._login(self.user_a)
        response = self._post('/submitted/ticket', {
            'category': self.category_fault.id, 'description': 'XSS'},
            [('images', ('x.html', png_with_script(), 'text/html'))])
        self.assertEqual(response.status_code, 303)
        ticket = self.env['helpdesk.ticket'].search(
            [('partner_id', '=', self.customer_a.id)],
            order='id desc', limit=1)
        response = self._post('/my/ticket/%d/message' % ticket.id,
                              {'message': 'And this'},
                              files=[('images', ('y.svg', png_with_script(),
                                                 'image/svg+xml'))])
        self.assertEqual(response.status_code, 303)
        files = self.env['ir.attachment'].search(
            [('res_model', '=', 'helpdesk.ticket'),
             ('res_id', '=', ticket.id)], order='id')
        self.assertEqual(
            [(f.datas_fname, f.mimetype) for f in files],
            [('x.png', 'image/png'), ('y.png', 'image/png')])
        served = self._get('/web/content/%d' % files[0].id)
        self.assertEqual(served.status_code, 200)
        self.assertEqual(served.headers['Content-Type'], 'image/png')
        self.assertNotIn(b'<script', served.content)

    def test_too_many_photos_in_one_request_are_refused(self):
        self.company.isp_helpdesk_image_max_count = 2
        self._share()
        self._login(self.user_a)
        count = self._tickets_of(self.customer_a)
        photo = ('images', ('router.png', png_bytes(), 'image/png'))
        response = self._post('/submitted/ticket', {
            'category': self.category_fault.id, 'description': 'Many'},
            [photo] * 3)
        self.assertEqual(response.status_code, 400)
        self.assertIn('at most 2 photos', response.text)
        self.assertEqual(self._tickets_of(self.customer_a), count)

    def test_former_customer_loses_the_ticket_when_the_customer_changes(
            self):
        self.ticket_a.sudo(self.technician).partner_id = self.customer_b
        self._share()
        self._login(self.user_a)
        messages = self._messages(self.ticket_a)
        self.assertEqual(
            self._get('/my/ticket/%d' % self.ticket_a.id).status_code, 404)
        response = self._post('/my/ticket/%d/message' % self.ticket_a.id,
                              {'message': 'Still here'})
        self.assertEqual(response.status_code, 404)
        self.assertNotIn('Ana router ticket', self._get('/my/tickets').text)
        self.assertEqual(self._messages(self.ticket_a), messages)
        self._login(self.user_b)
        self.assertEqual(
            self._get('/my/ticket/%d' % self.ticket_a.id).status_code, 200)

    def test_internal_note_image_never_reaches_the_customer(self):
        note = self.ticket_a.sudo(self.technician).message_post(
            body='OLT rack photo', message_type='comment',
            subtype='mail.mt_note', attachments=[('rack.png', png_bytes())])
        secret = note.attachment_ids
        self._share()
        self._login(self.user_a)
        page = self._get('/my/ticket/%d' % self.ticket_a.id)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('/web/content/%d"' % secret.id, page.text)
        self.assertNotIn('/web/image/%d/' % secret.id, page.text)
        self.assertIn(self._get('/web/content/%d' % secret.id).status_code,
                      (403, 404))
        found = self._rpc('ir.attachment', 'search_read',
                          [[('id', '=', secret.id)], ['datas']])
        self.assertEqual(found.get('result'), [])
        self.assertEqual(secret.res_model, 'mail.message')

    def test_chatter_post_stores_only_the_text_as_the_customer(self):
        self._login(self.user_a)
        before = self._messages(self.ticket_a)
        response = self._post('/mail/chatter_post', {
            'res_model': 'helpdesk.ticket', 'res_id': self.ticket_a.id,
            'message': 'Through the chatter',
            'email_from': 'CEO <ceo@isp.example>',
            'reply_to': 'ceo@isp.example', 'subject': 'Pay this now',
            'message_type': 'notification', 'subtype': 'mail.mt_note'})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._messages(self.ticket_a), before + 1)
        message = self.env['mail.message'].search(
            [('model', '=', 'helpdesk.ticket'),
             ('res_id', '=', self.ticket_a.id)], order='id desc', limit=1)
        self.assertEqual(
            (message.author_id, message.message_type, message.subtype_id),
            (self.customer_a, 'comment', self.env.ref('mail.mt_comment')))
        self.assertNotIn('Pay this now', message.subject or '')
        self.assertIn(self.customer_a.email, message.email_from)
        self.assertNotIn('ceo@', message.email_from
                         + (message.reply_to or ''))

    def test_customer_reply_is_sent_by_the_customer(self):
        self._login(self.user_a)
        response = self._post('/my/ticket/%d/message' % self.ticket_a.id,
                              {'message': 'My reply'})
        self.assertEqual(response.status_code, 303)
        message = self.env['mail.message'].search(
            [('model', '=', 'helpdesk.ticket'),
             ('res_id', '=', self.ticket_a.id)], order='id desc', limit=1)
        self.assertEqual(message.author_id, self.customer_a)
        self.assertIn(self.customer_a.email, message.email_from)

    def test_closed_ticket_takes_no_message_and_history_hides_staff_mail(
            self):
        self.ticket_a.stage_id = self.stage_done
        self._share()
        self._login(self.user_a)
        page = self._get('/my/ticket/%d' % self.ticket_a.id)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('Ticket Assignment', page.text)
        self.assertNotIn('o_isp_ticket_reply', page.text)
        before = self._messages(self.ticket_a)
        response = self._post('/my/ticket/%d/message' % self.ticket_a.id,
                              {'message': 'Reopen please'})
        self.assertEqual(response.status_code, 400)
        self.assertIn('This ticket is closed', response.text)
        response = self._post('/mail/chatter_post', {
            'res_model': 'helpdesk.ticket', 'res_id': self.ticket_a.id,
            'message': 'Reopen please'})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._messages(self.ticket_a), before)

    def test_my_home_answers_internal_users_outside_the_helpdesk(self):
        self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Office Olga', 'login': 'hdhttp_office',
                'password': 'hdhttp_office',
                'groups_id': [(6, 0, [self.env.ref('base.group_user').id])],
            })
        self._authenticate('hdhttp_office', 'hdhttp_office')
        self.assertEqual(self._get('/my/home').status_code, 200)
        self.assertEqual(self._get('/my').status_code, 200)
