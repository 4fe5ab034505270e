# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/requests and the staff's Requests tab: every request of the
customer (portal requests, tickets, information requests) newest first,
with its status and the staff's last answer."""
import logging
import re
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_portal.controllers.portal_requests import (
    IspPortalRequests)

from .account_common import AccountHttpCase

QUERY_BUDGET = 30
CARD_RE = re.compile(
    r'<div class="panel panel-default o_isp_card o_isp_request_card" '
    r'data-model="([^"]+)" data-id="(\d+)" data-type="([^"]+)" '
    r'data-status="([^"]+)">')
ROW_RE = re.compile(r'<tr data-model="([^"]+)" data-id="(\d+)">')
_logger = logging.getLogger(__name__)


@at_install(False)
@post_install(True)
class TestPortalRequests(AccountHttpCase):

    def setUp(self):
        super(TestPortalRequests, self).setUp()
        env = self.env
        self.company.isp_portal_tickets_enabled = True
        self.staff = env.ref('base.user_root')
        self.base_date = datetime(2026, 3, 1, 9, 0)
        # oldest first: each one a day later than the one before
        self.email_req = self._request('email', 'Ana second e-mail',
                                       'done', 0)
        self.ticket = env['helpdesk.ticket'].create({
            'name': 'Router blinks red', 'description': 'Since Monday',
            'partner_id': self.ana.id})
        self._date_of(self.ticket, 1)
        self.lead = env['crm.lead'].create({
            'name': 'Information request: Plans and prices',
            'type': 'lead', 'partner_id': self.ana.id,
            'medium_id': env.ref('isp_portal.utm_medium_portal').id})
        self._date_of(self.lead, 2)
        self.plan_ticket = env['helpdesk.ticket'].create({
            'name': 'Plan change to 1 Gb', 'description': 'Upgrade',
            'partner_id': self.ana.id})
        self.plan_req = self._request(
            'plan_change', 'Plan change to 1 Gb', 'pending', 3,
            ticket_id=self.plan_ticket.id)
        self.correction = self._request(
            'invoice_correction', 'Invoice correction of INV/1',
            'refused', 4)
        self.identity = self._request(
            'identity', 'New name', 'waiting', 5)
        # answers: the staff's public message is one; an internal note,
        # the customer's own message and an older answer are not the last
        self._message(self.email_req, 'Older answer', self.staff, 0)
        self._message(self.email_req, 'Your e-mail is now the main one',
                      self.staff, 1)
        self._message(self.email_req, 'Internal: checked', self.staff, 2,
                      subtype='mail.mt_note')
        self._message(self.email_req, 'Thanks!', self.user_ana, 3)
        self._message(self.plan_ticket, 'The technician comes on Monday',
                      self.staff, 1)
        self._message(self.lead, 'Fibre reaches your street', self.staff, 1)
        self._message(self.ticket, 'Still blinking', self.user_ana, 1)
        # Bea's own request
        self.bea_req = self._request('phone', 'Bea new phone', 'pending',
                                     6, partner=self.bea)
        self._share()

    # fixtures ------------------------------------------------------------

    def _request(self, request_type, name, state, day,
                 partner=None, **extra):
        vals = dict(extra, partner_id=(partner or self.ana).id,
                    request_type=request_type, name=name, state=state,
                    company_id=self.company.id)
        req = self.env['isp.portal.request'].with_context(
            tracking_disable=True).create(vals)
        self._date_of(req, day)
        return req

    def _date_of(self, record, day):
        """Date ``record`` ``day`` days after the fixtures' first day (all
        of a test's records are created in the same transaction)."""
        self.env.cr.execute(
            'UPDATE %s SET create_date = %%s WHERE id = %%s'
            % record._table, (fields.Datetime.to_string(
                self.base_date + timedelta(days=day)), record.id))
        record.invalidate_cache()

    def _message(self, record, text, user, hours, subtype='mail.mt_comment'):
        message = record.with_context(
            mail_create_nosubscribe=True).message_post(
            body=text, message_type='comment', subtype=subtype,
            author_id=user.partner_id.id)
        message.sudo().date = fields.Datetime.to_string(
            self.base_date + timedelta(days=10, hours=hours))
        return message

    def _cards(self, url='/my/requests'):
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        text = response.text
        starts = list(CARD_RE.finditer(text))
        cards = []
        for index, match in enumerate(starts):
            end = starts[index + 1].start() if index + 1 < len(starts) \
                else text.index('Need something', match.end())
            model, record_id, kind, status = match.groups()
            cards.append({'model': model, 'id': int(record_id),
                          'type': kind, 'status': status,
                          'html': text[match.end():end]})
        return cards

    @staticmethod
    def _keys(cards):
        return [(card['model'], card['id']) for card in cards]

    def _expected_keys(self):
        return [
            ('isp.portal.request', self.identity.id),
            ('isp.portal.request', self.correction.id),
            ('isp.portal.request', self.plan_req.id),
            ('crm.lead', self.lead.id),
            ('helpdesk.ticket', self.ticket.id),
            ('isp.portal.request', self.email_req.id),
        ]

    # the list ------------------------------------------------------------

    def test_timeline_lists_every_kind_newest_first_with_status_and_answer(
            self):
        self._login(self.user_ana)
        cards = self._cards()
        # the ticket of the plan change is the request's, not listed again
        self.assertEqual(self._keys(cards), self._expected_keys())
        by_key = {(card['model'], card['id']): card for card in cards}
        self.assertEqual(
            [(card['type'], card['status']) for card in cards],
            [('identity', 'waiting'), ('invoice_correction', 'refused'),
             ('plan_change', 'open'), ('information', 'open'),
             ('ticket', 'open'), ('email', 'done')])
        email = by_key[('isp.portal.request', self.email_req.id)]['html']
        self.assertIn('Your e-mail is now the main one', email)
        for not_last in ('Older answer', 'Internal: checked', 'Thanks!'):
            self.assertNotIn(not_last, email)
        self.assertIn('Applied', email)
        # the staff answered the plan change on its ticket
        plan = by_key[('isp.portal.request', self.plan_req.id)]['html']
        self.assertIn('The technician comes on Monday', plan)
        self.assertIn('/my/ticket/%d' % self.plan_ticket.id, plan)
        self.assertIn('Fibre reaches your street',
                      by_key[('crm.lead', self.lead.id)]['html'])
        # the customer's own message is no answer
        ticket = by_key[('helpdesk.ticket', self.ticket.id)]['html']
        self.assertIn('No answer yet', ticket)
        self.assertNotIn('Still blinking', ticket)
        self.assertIn('No answer yet', by_key[(
            'isp.portal.request', self.identity.id)]['html'])

    def test_timeline_filters_by_type_and_status(self):
        self._login(self.user_ana)
        self.assertEqual(
            self._keys(self._cards('/my/requests?type=ticket')),
            [('helpdesk.ticket', self.ticket.id)])
        self.assertEqual(
            self._keys(self._cards('/my/requests?status=open')),
            [('isp.portal.request', self.plan_req.id),
             ('crm.lead', self.lead.id),
             ('helpdesk.ticket', self.ticket.id)])
        self.assertEqual(
            self._keys(self._cards(
                '/my/requests?type=plan_change&status=done')), [])
        # an unknown filter is no filter
        self.assertEqual(
            self._keys(self._cards('/my/requests?type=nonsense')),
            self._expected_keys())

    def test_timeline_pages_and_closed_lead(self):
        self.lead.action_set_lost()
        timeline = self.ana._isp_request_timeline(limit=4, offset=4)
        self.assertEqual(timeline['total'], 6)
        self.assertEqual(
            [(item['model'], item['id'], item['status'])
             for item in timeline['items']],
            [('helpdesk.ticket', self.ticket.id, 'open'),
             ('isp.portal.request', self.email_req.id, 'done')])
        lead = self.ana._isp_request_timeline(
            filters={'type': 'information'})['items']
        self.assertEqual([(item['id'], item['status'])
                          for item in lead], [(self.lead.id, 'refused')])
        past = self.ana._isp_request_timeline(limit=4, offset=40)
        self.assertEqual((past['total'], past['items']), (6, []))

    def test_opportunities_of_the_sales_staff_are_not_requests(self):
        opportunity = self.env['crm.lead'].create({
            'name': 'Upsell 10 lines (margin 40 %)', 'type': 'opportunity',
            'partner_id': self.ana.id})
        keys = [(item['model'], item['id'])
                for item in self.ana._isp_request_timeline()['items']]
        self.assertNotIn(('crm.lead', opportunity.id), keys)
        self.assertIn(('crm.lead', self.lead.id), keys)

    def test_staff_tab_shows_the_same_requests(self):
        isp_user = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Timeline Operator', 'login': 'timeline_operator',
                'groups_id': [(6, 0, [
                    self.env.ref('base.group_user').id,
                    self.env.ref('isp_crm.group_isp_user').id])]})
        html = self.ana.sudo(isp_user).isp_request_timeline_html
        self.assertEqual(
            [(model, int(record_id))
             for model, record_id in ROW_RE.findall(html)],
            self._expected_keys())
        self.assertIn('Your e-mail is now the main one', html)
        self.assertIn('The technician comes on Monday', html)
        self.assertEqual(self.bea.sudo(isp_user).isp_request_timeline_html
                         .count('<tr data-model'), 1)
        # the tab is in the customer's form for ISP users
        arch = self.env['res.partner'].sudo(isp_user).fields_view_get(
            view_type='form')['arch']
        self.assertIn('isp_request_timeline_html', arch)

    # access --------------------------------------------------------------

    def test_other_customer_sees_none_and_anonymous_goes_to_login(self):
        self._login(self.user_bea)
        cards = self._cards()
        self.assertEqual(self._keys(cards),
                         [('isp.portal.request', self.bea_req.id)])
        page = self._get('/my/requests').text
        for foreign in ('Router blinks red', 'Ana second e-mail',
                        'Plan change to 1 Gb', 'Your e-mail is now'):
            self.assertNotIn(foreign, page)
        self._anonymous()
        self.assertLoginRedirect(self._get('/my/requests'))

    def test_home_links_to_the_requests(self):
        self._login(self.user_ana)
        page = self._get('/my').text
        self.assertIn('href="/my/requests"', page)
        self.assertIn('My requests', self._get('/my/requests').text)

    # queries -------------------------------------------------------------

    def _page_queries(self):
        """(queries of /my/requests, of the same page with no request)."""
        total = self._queries('/my/requests')
        with patch.object(IspPortalRequests, '_isp_timeline',
                          lambda portal, *args: {'total': 0, 'items': []}):
            empty = self._queries('/my/requests')
        return total, empty

    def test_requests_page_own_queries_at_most_30_and_same_with_30(self):
        """The list costs at most 30 queries on top of the same page
        without requests, and as many with 6 or 30 requests (no query per
        request)."""
        self._login(self.user_ana)
        few, few_empty = self._page_queries()
        for number in range(12):
            req = self._request('reading', 'Reading %d' % number,
                                'done', -20 - number)
            self._message(req, 'Reading %d checked' % number, self.staff, 1)
            ticket = self.env['helpdesk.ticket'].create({
                'name': 'Ticket %d' % number, 'description': 'More',
                'partner_id': self.ana.id})
            self._date_of(ticket, -40 - number)
            self._message(ticket, 'On it %d' % number, self.staff, 1)
        self._share()
        self.assertEqual(len(self._cards()), 20)
        many, many_empty = self._page_queries()
        _logger.info('/my/requests: %d queries with 30 requests (%d '
                     'without the list), %d with 6 (%d)', many, many_empty,
                     few, few_empty)
        self.assertLessEqual(many - many_empty, QUERY_BUDGET)
        self.assertEqual(many, few)
