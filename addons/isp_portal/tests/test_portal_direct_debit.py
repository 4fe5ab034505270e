# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Direct debit from the portal over HTTP: IBAN -> draft mandate -> the
signing page; signing validates it; revocation with its effective date;
both reach the staff as requests."""
from datetime import date, timedelta

from odoo import fields
from odoo.tests.common import at_install, post_install

from .account_common import AccountHttpCase

IBAN = 'ES60 0049 1500 0512 3456 7892'


@at_install(False)
@post_install(True)
class TestPortalDirectDebit(AccountHttpCase):

    def _mandates(self, partner):
        self._reread()
        return self.env['account.banking.mandate'].search(
            [('partner_id', '=', partner.id)])

    def _valid_mandate(self, partner):
        bank = self.env['res.partner.bank'].create({
            'partner_id': partner.id, 'acc_number': IBAN})
        mandate = self.env['account.banking.mandate'].create({
            'partner_bank_id': bank.id, 'signature_date': '2024-01-02'})
        mandate.validate()
        self._share()
        return mandate

    def test_iban_makes_a_draft_mandate_and_opens_its_signing_page(self):
        self._login(self.user_ana)
        self.assertEqual(self._get('/my/direct-debit').status_code, 200)
        response = self._post('/my/direct-debit/request',
                              {'iban': IBAN.lower()}, '/my/direct-debit')
        self.assertIn(response.status_code, (302, 303))
        self.assertIn('/sign/', response.headers['Location'])
        mandate = self._mandates(self.ana)
        self.assertEqual(mandate.state, 'draft')
        self.assertEqual(mandate.partner_bank_id.sanitized_acc_number,
                         'ES6000491500051234567892')
        esign = mandate.esign_request_ids
        self.assertEqual(len(esign), 1)
        self.assertEqual(esign.partner_id, self.ana)
        req = self.env['isp.portal.request'].search(
            [('mandate_id', '=', mandate.id)])
        self.assertEqual((req.request_type, req.state), ('mandate', 'waiting'))
        page = self._get(response.headers['Location'].split(
            '127.0.0.1:%s' % self._url('').split(':')[-1])[-1])
        self.assertEqual(page.status_code, 200)

    def test_invalid_iban_is_refused_and_nothing_saved(self):
        self._login(self.user_ana)
        response = self._post('/my/direct-debit/request',
                              {'iban': 'ES00 1234'}, '/my/direct-debit')
        self.assertEqual(response.status_code, 200)
        self.assertIn('is not valid: type it again', response.text)
        self.assertFalse(self._mandates(self.ana))
        self.assertFalse(self.env['res.partner.bank'].search(
            [('partner_id', '=', self.ana.id)]))

    def test_signing_validates_the_mandate_and_reaches_the_staff(self):
        self._login(self.user_ana)
        self._post('/my/direct-debit/request', {'iban': IBAN},
                   '/my/direct-debit')
        mandate = self._mandates(self.ana)
        esign = mandate.esign_request_ids
        esign.sudo()._esign_write({
            'state': 'signed', 'date_signed': '2026-03-02 10:00:00'})
        esign.invalidate_cache()
        mandate._esign_on_accepted(esign)
        self.assertEqual(mandate.state, 'valid')
        self.assertEqual(mandate.signature_date, '2026-03-02')
        req = self.env['isp.portal.request'].search(
            [('mandate_id', '=', mandate.id)])
        self.assertEqual(req.state, 'pending')
        self.assertEqual(req.activity_id.execution, 'semi_automatic')

    def test_revoke_takes_an_effective_date_and_the_staff_apply_it(self):
        mandate = self._valid_mandate(self.ana)
        self._login(self.user_ana)
        url = '/my/direct-debit/%d/revoke' % mandate.id
        page = self._post(url, {'date_effective': '2001-01-01'},
                          '/my/direct-debit')
        self.assertIn('Choose the day the direct debit stops', page.text)
        when = fields.Date.to_string(date.today() + timedelta(days=10))
        page = self._post(url, {'date_effective': when}, '/my/direct-debit')
        self.assertIn('the direct debit stops on %s' % when, page.text)
        req = self.env['isp.portal.request'].search(
            [('mandate_id', '=', mandate.id),
             ('request_type', '=', 'mandate_revoke')])
        self.assertEqual(req.state, 'pending')
        self.assertEqual(mandate.state, 'valid')
        req.action_apply()
        # applied before its date: cancelled on the day, by the daily job
        self.assertEqual((mandate.state, mandate.isp_revoke_date),
                         ('valid', when))
        self.assertEqual(req.state, 'done')
        # the page says when it stops, and offers no second revocation
        # (what this test changed is committed for the server's requests,
        # which roll back to the test cursor's last commit)
        self.registry.test_cr.commit()
        page = self._get('/my/direct-debit')
        self.assertIn('the direct debit stops on', page.text)
        self.assertIn(when, page.text)
        self.assertNotIn(url, page.text)
        later = fields.Date.to_string(date.today() + timedelta(days=20))
        page = self._post(url, {'date_effective': later}, '/my/direct-debit')
        self.assertIn('revoked already: it stops on %s' % when, page.text)
        self.assertEqual(self.env['isp.portal.request'].search_count(
            [('mandate_id', '=', mandate.id),
             ('request_type', '=', 'mandate_revoke')]), 1)
        self.assertEqual(mandate.isp_revoke_date, when)

    def test_another_customers_mandate_is_not_found(self):
        mandate = self._valid_mandate(self.ana)
        self._login(self.user_bea)
        page = self._get('/my/direct-debit')
        self.assertNotIn(mandate.unique_mandate_reference, page.text)
        when = fields.Date.to_string(date.today() + timedelta(days=1))
        for url in ('/my/direct-debit/%d/revoke' % mandate.id,
                    '/my/direct-debit/%d/sign' % mandate.id):
            response = self._post(url, {'date_effective': when},
                                  '/my/direct-debit')
            self.assertEqual(response.status_code, 404, url)
        self._reread()
        self.assertEqual(mandate.state, 'valid')
        self._anonymous()
        self.assertLoginRedirect(self._get('/my/direct-debit'))

    def test_iban_of_another_customer_is_refused(self):
        self._valid_mandate(self.bea)
        self._login(self.user_ana)
        response = self._post('/my/direct-debit/request', {'iban': IBAN},
                              '/my/direct-debit')
        self.assertIn('This IBAN cannot be used from the portal',
                      response.text)
        self.assertFalse(self._mandates(self.ana))
