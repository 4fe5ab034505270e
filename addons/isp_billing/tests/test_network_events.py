# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
import json

from odoo.exceptions import ValidationError
from odoo.addons.queue_job.exception import RetryableJobError

from .http_sink import LocalHttpSink, free_port
from .promise_common import PromiseCommon

SECRET = 'n3tw0rk-s3cret'


class TestNetworkEvents(PromiseCommon):

    def _events(self):
        return self.env['isp.network.event'].search(
            [('subscription_id', '=', self.subscription.id)])

    def _set_webhook(self, url):
        self.company.write({'isp_network_webhook_url': url,
                            'isp_network_webhook_secret': SECRET})

    def test_suspension_and_reconnection_emit_events_without_webhook(self):
        self.subscription.with_context(
            isp_state_reason='Invoice 2026/0001 unpaid').action_suspend()
        self.subscription._activate()
        events = self._events()
        self.assertEqual(events.mapped('kind'), ['reconnect', 'suspend'])
        suspend = events[1]
        self.assertEqual(suspend.reason, 'Invoice 2026/0001 unpaid')
        self.assertEqual(suspend.partner_id, self.customer)
        self.assertEqual(events.mapped('state'),
                         ['no_webhook', 'no_webhook'])
        self.assertFalse(events.mapped('call_ids'))

    def test_other_state_changes_emit_no_event(self):
        self.subscription.action_terminate()
        self.assertFalse(self._events())

    def test_webhook_set_queues_a_job_per_event(self):
        self._set_webhook('https://noc.example.com/isp-events')
        self.subscription.action_suspend()
        event = self._events()
        self.assertEqual(event.state, 'pending')
        jobs = self.env['queue.job'].search([
            ('model_name', '=', 'isp.network.event'),
            ('method_name', '=', '_job_send'),
            ('record_ids', 'like', '[%s]' % event.id),
        ])
        self.assertEqual(len(jobs), 1)
        event.sudo(self.billing_user).action_send_again()
        self.assertEqual(self.env['queue.job'].search_count([
            ('model_name', '=', 'isp.network.event'),
            ('record_ids', 'like', '[%s]' % event.id),
        ]), 1, 'no second job while one is pending')

    def test_local_server_receives_a_correctly_signed_body(self):
        with LocalHttpSink(status=200) as sink:
            self._set_webhook(sink.url)
            self.subscription.with_context(
                test_queue_job_no_delay=True,
                isp_state_reason='Dunning: suspension level').action_suspend()
        event = self._events()
        self.assertEqual(len(sink.received), 1)
        received = sink.received[0]
        expected = 'sha256=' + hmac.new(
            SECRET.encode(), received['body'], hashlib.sha256).hexdigest()
        self.assertEqual(received['headers']['X-ISP-Signature'], expected)
        self.assertEqual(received['path'], '/isp-events')
        body = json.loads(received['body'].decode())
        self.assertEqual(body['event_id'], event.id)
        self.assertEqual(body['kind'], 'suspend')
        self.assertEqual(body['reason'], 'Dunning: suspension level')
        self.assertEqual(body['subscription']['id'], self.subscription.id)
        self.assertEqual(body['subscription']['reference'],
                         self.subscription.name)
        self.assertEqual(body['subscription']['product'],
                         self.product.name)
        self.assertEqual(body['customer_code'],
                         self.customer.isp_customer_code or None)
        self.assertEqual(event.state, 'sent')
        self.assertEqual(event.attempts, 1)
        self.assertEqual(event.call_ids.status_code, 200)
        self.assertEqual(event.call_ids.url, sink.url)

    def test_failing_server_is_retried_with_backoff_then_reported(self):
        with LocalHttpSink(status=500) as sink:
            self._set_webhook(sink.url)
            self.subscription.action_suspend()  # queued, not run
            event = self._events()
            delays = []
            for __ in range(3):
                with self.assertRaises(RetryableJobError) as caught:
                    event._job_send()
                delays.append(caught.exception.seconds)
            self.assertEqual(delays, [60, 300, 900])
            self.assertEqual(event.state, 'pending')
            self.assertEqual(len(event.call_ids), 3)
            self.assertEqual(event.last_status, 500)
            event._job_send()  # the last try: no retry
        self.assertEqual(len(sink.received), 4)
        self.assertEqual(event.state, 'failed')
        self.assertEqual(event.attempts, 4)
        self.assertEqual(event.call_ids.mapped('status_code'), [500] * 4)
        activity = self.env['mail.activity'].search([
            ('res_model', '=', 'isp.network.event'),
            ('res_id', '=', event.id),
            ('user_id', '=', self.billing_manager.id),
        ])
        self.assertEqual(len(activity), 1)
        self.assertIn('4 tries', activity.note)

    def test_server_down_is_a_retryable_failure_logged_as_status_0(self):
        self._set_webhook('http://127.0.0.1:%d/' % free_port())
        self.subscription.action_suspend()
        event = self._events()
        with self.assertRaises(RetryableJobError):
            event._job_send()
        self.assertEqual(event.call_ids.status_code, 0)
        self.assertIn('No answer', event.call_ids.error)

    def test_failed_event_sent_again_by_a_billing_user(self):
        with LocalHttpSink(status=200) as sink:
            self._set_webhook(sink.url)
            self.subscription.action_suspend()
            event = self._events()
            event.sudo().write({'state': 'failed', 'attempts': 4})
            event.sudo(self.billing_user).with_context(
                test_queue_job_no_delay=True).action_send_again()
        self.assertEqual(event.state, 'sent')
        self.assertEqual(event.attempts, 1)
        self.assertEqual(len(sink.received), 1)

    def test_webhook_url_must_be_http_or_https(self):
        for url in ('ftp://noc.example.com/events', 'file:///etc/passwd',
                    'javascript:alert(1)', 'noc.example.com/events',
                    'http://'):
            with self.assertRaises(ValidationError, msg=url):
                self.company.write({'isp_network_webhook_url': url})
        self.company.write(
            {'isp_network_webhook_url': 'https://noc.example.com/ev'})
        self.assertEqual(self.company.isp_network_webhook_url,
                         'https://noc.example.com/ev')

    def test_webhook_secret_hidden_from_billing_users(self):
        self._set_webhook('https://noc.example.com/ev')
        company = self.company.sudo(self.billing_user)
        self.assertNotIn('isp_network_webhook_secret',
                         company.fields_get())
