# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The provisioning system confirms the activation: billing from the
confirmed date, confirmations ignored and logged, and the signed HTTP
callback (good, bad, replayed, old)."""
import json
import time
import unittest
import uuid

from odoo.exceptions import UserError
from odoo.tests.common import HOST, PORT, HttpCase, at_install, \
    post_install
from odoo.tools import mute_logger

from ..rules import provisioning_callback as callback_rules
from .common import IspBillingCommon
from .soap_common import SECRET, failed_logs, soap_connector


class TestCallbackSignature(unittest.TestCase):
    """The pure check of a callback's signature and window."""

    def test_signature_binds_timestamp_nonce_and_body(self):
        body = b'{"subscription": "EXT-1"}'
        good = callback_rules.signature(SECRET, '1000', 'nonce-0001', body)
        check = callback_rules.check
        self.assertIsNone(check(SECRET, '1000', 'nonce-0001', good, body,
                                1000 + 299))
        for timestamp, nonce, sent_body, secret in [
                ('1001', 'nonce-0001', body, SECRET),
                ('1000', 'nonce-0002', body, SECRET),
                ('1000', 'nonce-0001', body + b' ', SECRET),
                ('1000', 'nonce-0001', body, 'another-secret'),
                ('1000', 'nonce-0001', body, ''),
        ]:
            self.assertEqual(
                check(secret, timestamp, nonce, good, sent_body, 1000),
                callback_rules.BAD_SIGNATURE, (timestamp, nonce, secret))

    def test_timestamp_outside_the_window_is_stale(self):
        body = b'{}'
        for now in (1000 - 301, 1000 + 301):
            sent = callback_rules.signature(SECRET, '1000', 'nonce-0001',
                                            body)
            self.assertEqual(
                callback_rules.check(SECRET, '1000', 'nonce-0001', sent,
                                     body, now), callback_rules.STALE)

    def test_nonce_of_odd_characters_is_refused(self):
        sent = callback_rules.signature(SECRET, '1000', 'a b', b'{}')
        self.assertEqual(
            callback_rules.check(SECRET, '1000', 'a b', sent, b'{}', 1000),
            callback_rules.BAD_NONCE)


@at_install(False)
@post_install(True)
class TestProvisioningConfirmation(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestProvisioningConfirmation, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.connector = soap_connector(cls.env, cls.company)
        cls.fibre = cls._create_isp_product('Provisioned Fibre', 30.0)
        cls.prov_customer = cls.env['res.partner'].create({
            'name': 'Provisioned Customer', 'customer': True})
        cls.pending = cls._create_subscription(
            cls.prov_customer, product_id=cls.fibre.id, price_unit=30.0,
            billing_cycle_day=5, isp_external_ref='EXT-PROV-1')

    def _confirm(self, ref='EXT-PROV-1', confirmation='CONF-1',
                 date='2026-11-20', source='callback'):
        return self.env['isp.subscription']._isp_apply_provisioning(
            self.connector, ref, confirmation, date, source)

    @mute_logger('odoo.addons.queue_job.models.base')
    def _billing_run(self, date):
        run = self.env['isp.billing.run'].create(
            {'date': date, 'cycle_day': 5, 'chunk_size': 50})
        run.with_context(test_queue_job_no_delay=True).action_start()
        return run

    def test_pending_subscription_cannot_be_activated_by_hand(self):
        self.assertTrue(self.pending.isp_awaits_provisioning)
        with self.assertRaises(UserError):
            self.pending.action_activate()
        self.assertEqual(self.pending.state, 'pending')
        self.connector.provisioning = False
        self.pending.invalidate_cache()
        self.assertFalse(self.pending.isp_awaits_provisioning)
        self.pending.action_activate()
        self.assertEqual(self.pending.state, 'active')

    def test_confirmation_activates_from_the_confirmed_date(self):
        result = self._confirm()
        self.assertEqual(result, 'applied')
        self.assertEqual(self.pending.state, 'active')
        self.assertEqual(self.pending.date_start, '2026-11-20')
        self.assertEqual(self.pending.isp_date_provisioned, '2026-11-20')
        self.assertEqual(self.pending.isp_provisioning_ref, 'CONF-1')
        self.assertEqual(self.pending.isp_provisioning_source, 'callback')
        self.assertIn('CONF-1', self.pending.message_ids[0].body)

    def test_first_invoice_prorated_from_the_confirmed_date(self):
        self._confirm(date='2026-11-20')
        run = self._billing_run('2026-11-05')
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == self.prov_customer)
        # period 05/11 to 04/12, billed from 20/11: 15 of 30 days of 30.0
        self.assertEqual(invoice.amount_untaxed, 15.0)

    def test_unconfirmed_subscription_is_not_billed(self):
        run = self._billing_run('2026-11-05')
        self.assertFalse(run.invoice_ids.filtered(
            lambda i: i.partner_id == self.prov_customer))

    def test_unknown_subscription_is_logged_and_ignored(self):
        before = self.env['isp.subscription'].search_count(
            [('state', '=', 'active')])
        self.assertEqual(self._confirm(ref='EXT-NOBODY'), 'unknown')
        self.assertEqual(self.env['isp.subscription'].search_count(
            [('state', '=', 'active')]), before)
        log = failed_logs(self.env, self.connector, 'callback')
        self.assertEqual(len(log), 1)
        self.assertIn('EXT-NOBODY', log.error)

    def test_already_active_subscription_is_logged_and_ignored(self):
        self.pending.write({'date_start': '2026-10-01'})
        self.connector.provisioning = False
        self.pending.action_activate()
        self.connector.provisioning = True
        self.assertEqual(self._confirm(confirmation='CONF-LATE'), 'ignored')
        self.assertEqual(self.pending.date_start, '2026-10-01')
        self.assertFalse(self.pending.isp_provisioning_ref)
        log = failed_logs(self.env, self.connector, 'callback')
        self.assertEqual(len(log), 1)
        self.assertIn('CONF-LATE', log.error)
        self.assertEqual(log.res_id, self.pending.id)

    def test_same_confirmation_twice_changes_nothing(self):
        self._confirm()
        messages = len(self.pending.message_ids)
        calls = self.env['isp.soap.call'].search_count([])
        self.assertEqual(self._confirm(date='2026-11-25'), 'duplicate')
        self.assertEqual(self.pending.date_start, '2026-11-20')
        self.assertEqual(len(self.pending.message_ids), messages)
        self.assertEqual(self.env['isp.soap.call'].search_count([]), calls)

    def test_confirmation_without_a_valid_date_changes_nothing(self):
        self.assertEqual(self._confirm(date='20/11/2026'), 'invalid')
        self.assertEqual(self.pending.state, 'pending')
        self.assertEqual(
            len(failed_logs(self.env, self.connector, 'callback')), 1)

    def test_old_nonces_are_forgotten_by_the_cron(self):
        Nonce = self.env['isp.soap.callback.nonce']
        self.assertTrue(Nonce._isp_register(self.connector, 'nonce-old-1'))
        self.assertFalse(Nonce._isp_register(self.connector, 'nonce-old-1'))
        Nonce.search([('nonce', '=', 'nonce-old-1')]).write(
            {'date': '2026-11-01 10:00:00'})
        Nonce._cron_clean_nonces(date_ref='2026-11-03 10:00:01')
        self.assertFalse(Nonce.search([('nonce', '=', 'nonce-old-1')]))


@at_install(False)
@post_install(True)
class TestProvisioningCallback(HttpCase):
    """The callback over HTTP, on the cursor the server uses."""

    def setUp(self):
        super(TestProvisioningCallback, self).setUp()
        self.env = self.env(cr=self.registry.test_cr)
        company = self.env.user.company_id
        self.connector = soap_connector(self.env, company)
        product = self.env['product.product'].create({
            'name': 'Callback Fibre', 'type': 'service',
            'list_price': 30.0})
        self.subscription = self.env['isp.subscription'].create({
            'partner_id': self.env['res.partner'].create(
                {'name': 'Callback Customer'}).id,
            'product_id': product.id,
            'price_unit': 30.0,
            'isp_external_ref': 'EXT-CB-1',
        })
        self.url = 'http://%s:%s/isp/provisioning/callback/%d' % (
            HOST, PORT, self.connector.id)

    def _post(self, payload, secret=SECRET, timestamp=None, nonce=None,
              signature=None):
        body = json.dumps(payload).encode('utf-8')
        timestamp = str(int(time.time()) if timestamp is None
                        else timestamp)
        nonce = nonce or uuid.uuid4().hex
        headers = {
            'Content-Type': 'application/json',
            callback_rules.TIMESTAMP_HEADER: timestamp,
            callback_rules.NONCE_HEADER: nonce,
            callback_rules.SIGNATURE_HEADER: signature
            or callback_rules.signature(secret, timestamp, nonce, body),
        }
        # a request starts by rolling the test cursor back to its last
        # commit: keep what the test wrote
        self.registry.test_cr.commit()
        response = self.opener.post(self.url, data=body, headers=headers,
                                    timeout=30)
        self.subscription.invalidate_cache()
        return response

    def _confirmation(self, ref='EXT-CB-1', confirmation='CB-CONF-1',
                      date='2026-11-20'):
        return {'subscription': ref, 'confirmation': confirmation,
                'date': date}

    def _refusals(self):
        return failed_logs(self.env, self.connector, 'callback')

    def test_good_signature_activates_once(self):
        response = self._post(self._confirmation())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {'result': 'applied'})
        self.assertEqual(self.subscription.state, 'active')
        self.assertEqual(self.subscription.date_start, '2026-11-20')
        self.assertEqual(self.subscription.isp_provisioning_source,
                         'callback')
        self.assertFalse(self._refusals())

    def test_bad_signature_is_refused_and_logged(self):
        response = self._post(self._confirmation(), secret='not-the-secret')
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {'result': 'bad_signature'})
        self.assertEqual(self.subscription.state, 'pending')
        self.assertFalse(self.env['isp.soap.callback.nonce'].search(
            [('connector_id', '=', self.connector.id)]))
        self.assertIn('signature', self._refusals().error)

    def test_unsigned_callback_is_refused(self):
        body = json.dumps(self._confirmation()).encode('utf-8')
        self.registry.test_cr.commit()
        response = self.opener.post(
            self.url, data=body, timeout=30,
            headers={'Content-Type': 'application/json'})
        self.assertEqual(response.status_code, 403)
        self.subscription.invalidate_cache()
        self.assertEqual(self.subscription.state, 'pending')

    def test_replayed_nonce_is_refused_and_logged(self):
        nonce = uuid.uuid4().hex
        first = self._post(self._confirmation(), nonce=nonce)
        self.assertEqual(first.status_code, 200)
        self.subscription.write({'state': 'pending', 'date_start': False,
                                 'isp_provisioning_ref': False})
        again = self._post(self._confirmation(), nonce=nonce)
        self.assertEqual(again.status_code, 409)
        self.assertEqual(again.json(), {'result': 'replay'})
        self.assertEqual(self.subscription.state, 'pending')
        self.assertIn('already used', self._refusals().error)

    def test_old_timestamp_is_refused_and_logged(self):
        response = self._post(self._confirmation(),
                              timestamp=int(time.time()) - 3600)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {'result': 'stale'})
        self.assertEqual(self.subscription.state, 'pending')
        self.assertEqual(len(self._refusals()), 1)

    def test_unknown_subscription_is_ignored_and_logged(self):
        response = self._post(self._confirmation(ref='EXT-NOBODY'))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {'result': 'unknown'})
        self.assertEqual(self.subscription.state, 'pending')
        self.assertIn('EXT-NOBODY', self._refusals().error)

    def test_callback_refused_when_confirmations_are_off(self):
        self.connector.provisioning = False
        response = self._post(self._confirmation())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {'result': 'disabled'})
        self.assertEqual(self.subscription.state, 'pending')
        self.assertIn('off', self._refusals().error)

    def test_unknown_connector_is_refused(self):
        self.url = 'http://%s:%s/isp/provisioning/callback/%d' % (
            HOST, PORT, self.connector.id + 100000)
        response = self._post(self._confirmation())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.subscription.state, 'pending')
