# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every portal and public route the suite exposes, as the owner, another
customer, an anonymous visitor, a former customer and the holder of a wrong
token: the owner only gets the page; everybody else gets the same 404 (or,
anonymous on a route that needs a login, the login page), and no answer
carries a word of the owner's data."""
import base64
import io
import re

import requests

from PIL import Image

from odoo.tests.common import HttpCase, at_install, post_install
from odoo.tools import config

OWNER_MARK = 'Ana-Matrix-7Q'
TICKET_MARK = 'Ana router ticket 7Q'
FORMER_MARK = 'Moved ticket 7Q'

NOT_FOUND = 'not found'
LOGIN = 'login'
PAGE = 'page'


def png_bytes():
    data = io.BytesIO()
    Image.new('RGB', (8, 8), (200, 10, 10)).save(data, 'PNG')
    return data.getvalue()


@at_install(False)
@post_install(True)
class TestPortalAccessMatrix(HttpCase):

    def setUp(self):
        super(TestPortalAccessMatrix, self).setUp()
        self.env = env = self.env(cr=self.registry.test_cr)
        Users = env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True)
        portal = env.ref('base.group_portal')
        self.users = {}
        for key, name in (('owner', OWNER_MARK), ('other', 'Bea Matrix')):
            self.users[key] = Users.create({
                'name': name, 'login': 'matrix_%s' % key,
                'password': 'matrix_%s' % key,
                'email': 'matrix.%s@example.com' % key,
                'groups_id': [(6, 0, [portal.id])],
            })
        owner = self.users['owner'].partner_id
        other = self.users['other'].partner_id
        product = env['product.product'].create({
            'name': 'Matrix Fibre 1 Gb', 'type': 'service',
            'list_price': 42.0})
        self.order = env['sale.order'].create({
            'partner_id': owner.id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'name': product.name,
                'product_uom_qty': 1, 'product_uom': product.uom_id.id,
                'price_unit': 42.0})],
        })
        self.order.action_confirm()
        self.order.message_subscribe([owner.id])
        self.service = env['isp.subscription'].create({
            'partner_id': owner.id, 'product_id': product.id,
            'price_unit': 42.0, 'state': 'active'})
        account = env['account.account'].search(
            [('user_type_id.type', '=', 'receivable'),
             ('company_id', '=', env.user.company_id.id)], limit=1)
        income = env['account.account'].search(
            [('user_type_id.type', '=', 'other'),
             ('company_id', '=', env.user.company_id.id)], limit=1)
        self.invoice = env['account.invoice'].create({
            'partner_id': owner.id, 'account_id': account.id,
            'type': 'out_invoice',
            'invoice_line_ids': [(0, 0, {
                'name': 'Matrix Fibre 1 Gb', 'quantity': 1,
                'price_unit': 42.0, 'account_id': income.id})],
        })
        self.invoice.action_invoice_open()
        self.invoice.message_subscribe([owner.id])
        Ticket = env['helpdesk.ticket']
        self.ticket = Ticket.create({
            'name': TICKET_MARK, 'description': 'Owner private text',
            'partner_id': owner.id})
        self.ticket.message_subscribe([owner.id])
        self.photo = env['ir.attachment'].create({
            'name': 'router.png', 'datas_fname': 'router.png',
            'datas': base64.b64encode(png_bytes()),
            'mimetype': 'image/png',
            'res_model': 'helpdesk.ticket', 'res_id': self.ticket.id,
        })
        self.ticket.message_post(
            body='Photo of the router', message_type='comment',
            subtype='mail.mt_comment', author_id=owner.id,
            attachment_ids=[self.photo.id])
        # a ticket the owner filed, handed over to the other customer by
        # the back office: the owner is now its former customer
        self.moved = Ticket.create({
            'name': FORMER_MARK, 'description': 'Moved ticket text',
            'partner_id': owner.id})
        self.moved.message_subscribe([owner.id])
        self.moved.write({'partner_id': other.id})
        self.registry.test_cr.commit()

    # helpers -----------------------------------------------------------

    def _login(self, key):
        """A fresh browser session: anonymous, or logged in through the
        login form (the former customer is the owner's own login)."""
        self.opener = requests.Session()
        if key == 'anonymous':
            return
        page = self.opener.get(self._url('/web/login'), timeout=30)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        login = 'matrix_owner' if key == 'former' else 'matrix_%s' % key
        answer = self.opener.post(self._url('/web/login'), data={
            'login': login, 'password': login,
            'csrf_token': token.group(1)}, timeout=30)
        # a successful login answers a page that redirects in JavaScript
        self.assertEqual(answer.status_code, 200)
        self.assertNotIn('Wrong login/password', answer.text)

    @staticmethod
    def _url(url):
        return 'http://127.0.0.1:%d%s' % (config['http_port'], url)

    def _get(self, url):
        return self.opener.get(self._url(url), allow_redirects=False,
                               timeout=60)

    def _assert_answer(self, role, url, expected, response):
        where = '%s %s' % (role, url)
        if expected == PAGE:
            self.assertEqual(response.status_code, 200, where)
            return
        if expected == LOGIN:
            self.assertIn(response.status_code, (302, 303), where)
            self.assertIn('/web/login', response.headers['Location'], where)
        else:
            self.assertEqual(response.status_code, 404, where)
        for mark in (OWNER_MARK, TICKET_MARK, FORMER_MARK,
                     'Owner private text', 'Moved ticket text'):
            self.assertNotIn(mark, response.text, where)
        # /web/image answers its placeholder picture, never the photo
        self.assertNotEqual(response.content, png_bytes(), where)

    # the matrix --------------------------------------------------------

    def test_only_the_owner_reaches_the_owners_pages(self):
        invoice, order, ticket = self.invoice, self.order, self.ticket
        # (url, owner, other customer, anonymous)
        rows = [
            ('/my/ticket/%d' % ticket.id, PAGE, NOT_FOUND, LOGIN),
            ('/my/invoices/%d' % invoice.id, PAGE, NOT_FOUND, NOT_FOUND),
            ('/my/invoices/%d?access_token=wrong' % invoice.id,
             PAGE, NOT_FOUND, NOT_FOUND),
            ('/my/invoices/pdf/%d' % invoice.id, PAGE, NOT_FOUND, NOT_FOUND),
            ('/my/orders/%d' % order.id, PAGE, NOT_FOUND, NOT_FOUND),
            ('/my/orders/%d?access_token=wrong' % order.id,
             PAGE, NOT_FOUND, NOT_FOUND),
            ('/my/orders/pdf/%d' % order.id, PAGE, NOT_FOUND, NOT_FOUND),
            ('/web/content/%d' % self.photo.id, PAGE, NOT_FOUND, NOT_FOUND),
            ('/web/image/%d' % self.photo.id, PAGE, NOT_FOUND, NOT_FOUND),
        ]
        for role, column in (('owner', 1), ('other', 2), ('anonymous', 3)):
            self._login(role)
            for row in rows:
                with self.subTest(role=role, url=row[0]):
                    self._assert_answer(role, row[0], row[column],
                                        self._get(row[0]))

    def test_lists_show_the_owner_only_his_records(self):
        lists = ('/my', '/my/tickets', '/my/services', '/my/invoices',
                 '/my/orders', '/my/statement', '/my/pay', '/my/promise')
        self._login('anonymous')
        for url in lists:
            with self.subTest(role='anonymous', url=url):
                self._assert_answer('anonymous', url, LOGIN, self._get(url))
        self._login('other')
        for url in lists:
            with self.subTest(role='other', url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200, url)
                for mark in (OWNER_MARK, TICKET_MARK):
                    self.assertNotIn(mark, response.text, url)
        self._login('owner')
        self.assertIn(TICKET_MARK, self._get('/my/tickets').text)
        self.assertIn(self.invoice.number, self._get('/my/invoices').text)
        self.assertIn(self.invoice.number, self._get('/my/statement').text)
        self.assertIn(self.order.name, self._get('/my/orders').text)
        self.assertIn('Matrix Fibre 1 Gb', self._get('/my/services').text)

    def test_former_customer_loses_the_handed_over_ticket(self):
        self._login('former')
        url = '/my/ticket/%d' % self.moved.id
        self._assert_answer('former', url, NOT_FOUND, self._get(url))
        self.assertNotIn(FORMER_MARK, self._get('/my/tickets').text)
        self.assertFalse(self.env['helpdesk.ticket'].sudo(
            self.users['owner']).search([('id', '=', self.moved.id)]))

    def test_a_crafted_link_does_not_change_the_customers_details(self):
        """CVE-2019-11781: Odoo 11.0.7 applies /my/account's fields from a
        GET query string."""
        self._login('owner')
        partner = self.users['owner'].partner_id
        response = self._get(
            '/my/account?name=%s&email=evil@evil.example&phone=666'
            '&street=Evil+street&city=Evil&country_id=%d'
            '&redirect=https://evil.example/'
            % (OWNER_MARK, self.env.ref('base.es').id))
        self.assertEqual(response.status_code, 200)
        partner.invalidate_cache()
        self.assertEqual(partner.name, OWNER_MARK)
        self.assertEqual(partner.email, 'matrix.owner@example.com')
        # the form itself still works, and sends back only to this site
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          response.text).group(1)
        response = self.opener.post(self._url('/my/account'), data={
            'csrf_token': token, 'name': OWNER_MARK,
            'email': 'matrix.new@example.com', 'phone': '+34600123123',
            'street': 'Calle Mayor 1', 'city': 'Madrid',
            'country_id': self.env.ref('base.es').id,
            'redirect': 'https://evil.example/'},
            allow_redirects=False, timeout=30)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn('evil.example', response.headers['Location'])
        partner.invalidate_cache()
        self.assertEqual(partner.email, 'matrix.new@example.com')

    def test_a_customer_cannot_give_himself_more_groups(self):
        """CVE-2019-11782-like escalation: a portal user writing his own
        groups over JSON-RPC is refused."""
        self._login('owner')
        user = self.users['owner']
        answer = self.opener.post(
            self._url('/web/dataset/call_kw/res.users/write'), json={
                'jsonrpc': '2.0', 'method': 'call', 'id': 1, 'params': {
                    'model': 'res.users', 'method': 'write',
                    'args': [[user.id], {'groups_id': [
                        (4, self.env.ref('base.group_user').id)]}],
                    'kwargs': {}}}, timeout=30).json()
        self.assertEqual(answer['error']['data']['name'],
                         'odoo.exceptions.AccessError')
        user.invalidate_cache()
        self.assertFalse(user.has_group('base.group_user'))
