# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import threading
import unittest
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install
from odoo.tools.safe_eval import safe_eval

from ..models.isp_crm_activity import REMINDER_DAYS_PARAM
from ..rules.reminder import REMINDER_BEFORE, REMINDER_DUE, reminder_kind
from .common import IspCommon
from .smtp_server import LocalSmtpServer

UTC = timezone.utc


def in_days(days, hour=10):
    """A deadline ``days`` from now at ``hour``:00 UTC (Odoo string)."""
    moment = datetime.utcnow() + timedelta(days=days)
    return fields.Datetime.to_string(
        moment.replace(hour=hour, minute=0, second=0, microsecond=0))


def parse_ics(data):
    calendar = Calendar.from_ical(data)
    return calendar, calendar.walk('VEVENT')[0]


class TestReminderRule(unittest.TestCase):

    def test_reminder_kind_table(self):
        deadline = date(2031, 5, 20)
        cases = [
            # date_ref, days_before, last reminder, expected
            (date(2031, 5, 17), 2, None, None),
            (date(2031, 5, 18), 2, None, REMINDER_BEFORE),
            (date(2031, 5, 19), 2, None, REMINDER_BEFORE),  # catch up
            (date(2031, 5, 19), 2, date(2031, 5, 18), None),
            (date(2031, 5, 18), 2, date(2031, 5, 18), None),  # same day
            (date(2031, 5, 20), 2, None, REMINDER_DUE),
            (date(2031, 5, 20), 2, date(2031, 5, 18), REMINDER_DUE),
            (date(2031, 5, 20), 2, date(2031, 5, 20), None),  # same day
            (date(2031, 5, 21), 2, date(2031, 5, 20), None),  # past
            (date(2031, 5, 21), 2, None, None),
            (date(2031, 5, 19), 0, None, None),  # only on the day
            (date(2031, 5, 20), 0, None, REMINDER_DUE),
            (date(2031, 5, 15), 5, None, REMINDER_BEFORE),
            # an older reminder (the deadline was moved): remind again
            (date(2031, 5, 18), 2, date(2031, 5, 1), REMINDER_BEFORE),
        ]
        for date_ref, days_before, last, expected in cases:
            self.assertEqual(
                reminder_kind(deadline, date_ref, days_before, last),
                expected, (date_ref, days_before, last))


@at_install(False)
@post_install(True)
class TestCrmActivity(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestCrmActivity, cls).setUpClass()
        cls.manager = cls._create_user(
            'isp_activity_manager', ['isp_crm.group_isp_manager'])
        cls.operator = cls._create_user(
            'isp_activity_operator', ['isp_crm.group_isp_user'])
        cls.operator.tz = 'Europe/Madrid'
        cls.other_operator = cls._create_user(
            'isp_activity_other', ['isp_crm.group_isp_user'])
        cls.partner = cls.env['res.partner'].create({
            'name': 'Activity Customer',
            'street': 'Calle Mayor 1',
            'city': 'Madrid',
        })
        cls.Activity = cls.env['isp.crm.activity'].sudo(cls.manager)

    def _create(self, **values):
        vals = {
            'name': 'Call back about the router',
            'activity_type': 'call',
            'partner_id': self.partner.id,
        }
        vals.update(values)
        return self.Activity.create(vals)

    def _assigned(self, **values):
        values.setdefault('user_id', self.operator.id)
        values.setdefault('date_deadline', in_days(10))
        return self._create(**values)

    def _mails(self, activity):
        return self.env['mail.mail'].search([
            ('model', '=', 'isp.crm.activity'),
            ('res_id', '=', activity.id),
        ], order='id')

    def _mail_ics(self, mail):
        attachment = mail.attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.datas_fname, 'invite.ics')
        return attachment.mimetype, parse_ics(
            base64.b64decode(attachment.datas))

    # states and execution

    def test_activity_menus_visible_to_isp_users_only(self):
        internal = self._create_user('isp_activity_internal',
                                     ['base.group_user'])
        for xmlid in ('isp_crm.isp_crm_activity_menu',
                      'isp_crm.isp_crm_activity_menu_statistics'):
            menu = self.env.ref(xmlid)
            self.assertMenuVisible(menu, self.operator)
            self.assertMenuHidden(menu, internal)
        statistics = self.env.ref(
            'isp_crm.isp_crm_activity_action_statistics')
        self.assertEqual(statistics.view_mode, 'pivot,graph')

    def test_activity_types_are_the_five_kinds_of_contact(self):
        """Each kind of contact is offered, and the activities' search has
        a filter per kind that finds the activities of that kind only."""
        kinds = ['call', 'appointment', 'mailing', 'information_request',
                 'complaint']
        offered = self.Activity.fields_get(['activity_type'])
        self.assertEqual(
            [key for key, _label in offered['activity_type']['selection']],
            kinds)
        activities = {kind: self._create(activity_type=kind, name=kind)
                      for kind in kinds}
        search_view = self.env.ref('isp_crm.isp_crm_activity_view_search')
        arch = etree.fromstring(self.Activity.fields_view_get(
            view_id=search_view.id, view_type='search')['arch'])
        filters = {
            node.get('name')[len('type_'):]: safe_eval(node.get('domain'))
            for node in arch.iter('filter')
            if (node.get('name') or '').startswith('type_')}
        self.assertEqual(sorted(filters), sorted(kinds))
        created = [('id', 'in', [a.id for a in activities.values()])]
        for kind, domain in filters.items():
            with self.subTest(kind=kind):
                self.assertEqual(self.Activity.search(domain + created),
                                 activities[kind])

    def test_new_activity_starts_new(self):
        activity = self._create()
        self.assertEqual(activity.state, 'new')
        self.assertEqual(activity.organizer_id, self.manager)
        self.assertFalse(self._mails(activity))

    def test_operator_follows_and_gets_only_the_invitation(self):
        activity = self._assigned()
        self.assertIn(self.operator.partner_id,
                      activity.message_partner_ids)
        self.assertEqual(len(self._mails(activity)), 1)

    def test_automatic_execution_is_done_at_once(self):
        activity = self._create(
            execution='automatic', activity_type='information_request',
            user_id=self.operator.id, date_deadline=in_days(3))
        self.assertEqual(activity.state, 'done')
        self.assertTrue(activity.date_done)
        self.assertFalse(self._mails(activity))

    def test_semi_automatic_with_operator_and_deadline_is_assigned(self):
        activity = self._assigned()
        self.assertEqual(activity.state, 'assigned')
        mail = self._mails(activity)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, 'outgoing')
        self.assertEqual(mail.recipient_ids, self.operator.partner_id)
        self.assertIn(activity.name, mail.subject)

    def test_assign_button_assigns_a_new_activity(self):
        activity = self._create()
        activity.write({'user_id': self.operator.id,
                        'date_deadline': in_days(5)})
        self.assertEqual(activity.state, 'new')
        activity.action_assign()
        self.assertEqual(activity.state, 'assigned')
        self.assertEqual(len(self._mails(activity)), 1)

    def test_isp_user_assigns_an_activity_to_a_colleague(self):
        activity = self.env['isp.crm.activity'].sudo(self.operator).create({
            'name': 'Complaint about the speed',
            'activity_type': 'complaint',
            'partner_id': self.partner.id,
            'user_id': self.other_operator.id,
            'date_deadline': in_days(2),
        })
        self.assertEqual(activity.state, 'assigned')
        self.assertEqual(self._mails(activity).recipient_ids,
                         self.other_operator.partner_id)

    def test_assign_without_operator_or_deadline_is_refused(self):
        activity = self._create(date_deadline=in_days(5))
        with self.assertRaises(UserError):
            activity.action_assign()
        activity = self._create(user_id=self.operator.id)
        with self.assertRaises(UserError):
            activity.action_assign()
        self.assertEqual(activity.state, 'new')

    def test_deadline_in_the_past_is_refused_and_nothing_saved(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._create(name='Too late', user_id=self.operator.id,
                         date_deadline=in_days(-1))
        self.assertFalse(self.env['isp.crm.activity'].search(
            [('name', '=', 'Too late')]))
        activity = self._assigned()
        deadline = activity.date_deadline
        with self.assertRaises(ValidationError), self.cr.savepoint():
            activity.write({'date_deadline': in_days(-2)})
        activity.invalidate_cache()
        self.assertEqual(activity.date_deadline, deadline)
        self.assertEqual(len(self._mails(activity)), 1)

    def test_assigned_activity_keeps_an_operator(self):
        activity = self._assigned()
        with self.assertRaises(ValidationError), self.cr.savepoint():
            activity.write({'user_id': False})

    def test_activity_needs_a_customer_or_a_lead(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._create(partner_id=False)
        lead = self.env['crm.lead'].create({'name': 'Fibre interest'})
        activity = self._create(partner_id=False, lead_id=lead.id)
        self.assertEqual(activity.lead_id, lead)

    def test_done_cancel_and_reopen(self):
        activity = self._assigned()
        activity.action_done()
        self.assertEqual(activity.state, 'done')
        self.assertTrue(activity.date_done)
        with self.assertRaises(UserError):
            activity.action_cancel()
        activity.action_reopen()
        self.assertEqual(activity.state, 'new')
        self.assertFalse(activity.date_done)
        activity.action_cancel()
        self.assertEqual(activity.state, 'cancel')
        with self.assertRaises(UserError):
            self._create().action_reopen()

    def test_state_operator_and_deadline_changes_are_tracked(self):
        activity = self._assigned()
        activity.write({'date_deadline': in_days(12)})
        activity.action_done()
        tracked = self.env['mail.tracking.value'].search([
            ('mail_message_id.model', '=', 'isp.crm.activity'),
            ('mail_message_id.res_id', '=', activity.id),
        ]).mapped('field')
        self.assertIn('state', tracked)
        self.assertIn('date_deadline', tracked)

    # invitations

    def test_ical_uid_is_stable_and_names_the_database(self):
        activity = self._create()
        database_uuid = self.env['ir.config_parameter'].get_param(
            'database.uuid')
        self.assertEqual(activity.ical_uid, 'isp-crm-activity-%d@%s' % (
            activity.id, database_uuid))
        activity.write({'name': 'Renamed', 'user_id': self.operator.id,
                        'date_deadline': in_days(4)})
        activity.action_assign()
        self.assertEqual(activity.ical_uid, 'isp-crm-activity-%d@%s' % (
            activity.id, database_uuid))
        self.assertNotEqual(activity.copy().ical_uid, activity.ical_uid)

    def test_invitation_attached_to_the_mail_is_a_request(self):
        self.manager.partner_id.email = 'boss@isp.example.com'
        activity = self._assigned(
            activity_type='appointment', duration=1.5,
            description='Bring a ladder', date_deadline=in_days(6, hour=8))
        mimetype, (calendar, event) = self._mail_ics(self._mails(activity))
        self.assertEqual(mimetype, 'text/calendar; method=REQUEST')
        self.assertEqual(str(calendar['METHOD']), 'REQUEST')
        self.assertEqual(str(event['UID']), activity.ical_uid)
        self.assertEqual(event['SEQUENCE'], 0)
        deadline = fields.Datetime.from_string(
            activity.date_deadline).replace(tzinfo=UTC)
        self.assertEqual(event['DTSTART'].dt, deadline)
        self.assertEqual(event['DTEND'].dt, deadline + timedelta(hours=1.5))
        self.assertEqual(str(event['SUMMARY']), activity.name)
        self.assertIn('Bring a ladder', str(event['DESCRIPTION']))
        self.assertIn('Activity Customer', str(event['DESCRIPTION']))
        self.assertIn('Calle Mayor 1', str(event['LOCATION']))
        self.assertEqual(str(event['ORGANIZER']),
                         'mailto:boss@isp.example.com')
        self.assertEqual(str(event['ATTENDEE']),
                         'mailto:%s' % self.operator.email)
        self.assertEqual(event['ATTENDEE'].params['RSVP'], 'TRUE')
        self.assertIn('id=%d' % activity.id, str(event['URL']))

    def test_new_deadline_sends_an_update_with_a_higher_sequence(self):
        activity = self._assigned()
        new_deadline = in_days(11, hour=15)
        activity.write({'date_deadline': new_deadline})
        self.assertEqual(activity.ical_sequence, 1)
        first, update = self._mails(activity)
        mimetype, (calendar, event) = self._mail_ics(update)
        self.assertEqual(mimetype, 'text/calendar; method=REQUEST')
        self.assertEqual(str(calendar['METHOD']), 'REQUEST')
        self.assertEqual(str(event['UID']), activity.ical_uid)
        self.assertEqual(event['SEQUENCE'], 1)
        self.assertEqual(
            event['DTSTART'].dt,
            fields.Datetime.from_string(new_deadline).replace(tzinfo=UTC))
        self.assertTrue(update.subject.startswith('Updated: '))
        self.assertFalse(first.subject.startswith('Updated: '))

    def test_other_changes_send_no_update(self):
        activity = self._assigned()
        activity.write({'description': 'More details', 'result': 'None'})
        self.assertEqual(len(self._mails(activity)), 1)
        self.assertEqual(activity.ical_sequence, 0)

    def test_cancel_sends_method_cancel_with_the_same_uid(self):
        activity = self._assigned()
        activity.action_cancel()
        self.assertEqual(activity.state, 'cancel')
        _first, cancel = self._mails(activity)
        self.assertEqual(cancel.recipient_ids, self.operator.partner_id)
        mimetype, (calendar, event) = self._mail_ics(cancel)
        self.assertEqual(mimetype, 'text/calendar; method=CANCEL')
        self.assertEqual(str(calendar['METHOD']), 'CANCEL')
        self.assertEqual(str(event['STATUS']), 'CANCELLED')
        self.assertEqual(str(event['UID']), activity.ical_uid)
        self.assertEqual(event['SEQUENCE'], 1)

    def test_cancelling_a_new_activity_sends_nothing(self):
        activity = self._create()
        activity.action_cancel()
        self.assertFalse(self._mails(activity))

    def test_new_operator_gets_the_invitation_and_the_old_a_cancel(self):
        activity = self._assigned()
        activity.write({'user_id': self.other_operator.id})
        _first, cancel, invitation = self._mails(activity)
        self.assertEqual(cancel.recipient_ids, self.operator.partner_id)
        self.assertEqual(invitation.recipient_ids,
                         self.other_operator.partner_id)
        _mimetype, (calendar, event) = self._mail_ics(cancel)
        self.assertEqual(str(calendar['METHOD']), 'CANCEL')
        self.assertEqual(str(event['ATTENDEE']),
                         'mailto:%s' % self.operator.email)
        _mimetype, (calendar, event) = self._mail_ics(invitation)
        self.assertEqual(str(calendar['METHOD']), 'REQUEST')
        self.assertEqual(str(event['ATTENDEE']),
                         'mailto:%s' % self.other_operator.email)
        self.assertEqual(event['SEQUENCE'], 1)

    def test_reassigning_a_reopened_activity_raises_the_sequence(self):
        activity = self._assigned()
        activity.action_cancel()
        activity.action_reopen()
        activity.action_assign()
        mails = self._mails(activity)
        self.assertEqual(len(mails), 3)
        _mimetype, (calendar, event) = self._mail_ics(mails[-1])
        self.assertEqual(str(calendar['METHOD']), 'REQUEST')
        self.assertEqual(event['SEQUENCE'], 2)

    # delivery through a real SMTP server

    def test_smtp_server_helper_lifts_and_restores_the_test_mode(self):
        thread = threading.currentThread()
        before = getattr(thread, 'testing', False)
        with LocalSmtpServer(self.env) as smtp:
            self.assertFalse(thread.testing)
            self.assertEqual(smtp.mail_server.smtp_host, '127.0.0.1')
            self.assertEqual(self.env['ir.mail_server'].search(
                [], order='sequence', limit=1), smtp.mail_server)
        self.assertEqual(getattr(thread, 'testing', False), before)

    def test_operator_receives_the_invitation_by_email(self):
        with LocalSmtpServer(self.env) as smtp:
            # anything Odoo sends at once (e.g. its generic "assigned to
            # you" notification) would reach the server too
            activity = self._assigned(name='Install fibre at Calle Mayor')
            smtp.deliver(self._mails(activity))
        received = smtp.messages_to(self.operator.email)
        self.assertEqual(len(received), 1)
        message = received[0].message
        self.assertIn('Install fibre at Calle Mayor', message['Subject'])
        self.assertIn(self.operator.email, message['To'])
        parts = smtp.calendar_parts(received[0])
        self.assertEqual(len(parts), 1)
        self.assertEqual(parts[0].get_param('method'), 'REQUEST')
        self.assertEqual(parts[0].get_filename(), 'invite.ics')
        calendar, event = parse_ics(parts[0].get_payload(decode=True))
        self.assertEqual(str(calendar['METHOD']), 'REQUEST')
        self.assertEqual(str(event['UID']), activity.ical_uid)
        self.assertEqual(str(event['ATTENDEE']),
                         'mailto:%s' % self.operator.email)
        # sent and auto-deleted: nothing left in the queue
        self.assertFalse(self._mails(activity))

    def test_update_and_cancel_reach_the_operator_in_order(self):
        activity = self._assigned()
        activity.write({'date_deadline': in_days(9)})
        activity.action_cancel()
        with LocalSmtpServer(self.env) as smtp:
            smtp.deliver(self._mails(activity))
        received = smtp.messages_to(self.operator.email)
        self.assertEqual(len(received), 3)
        seen = []
        for message in received:
            part = smtp.calendar_parts(message)[0]
            calendar, event = parse_ics(part.get_payload(decode=True))
            self.assertEqual(str(event['UID']), activity.ical_uid)
            seen.append((str(calendar['METHOD']), event['SEQUENCE'],
                         part.get_param('method')))
        self.assertEqual(seen, [('REQUEST', 0, 'REQUEST'),
                                ('REQUEST', 1, 'REQUEST'),
                                ('CANCEL', 2, 'CANCEL')])

    # deadline reminders

    def test_reminder_cron_n_days_before_and_on_the_day_once(self):
        self.env['ir.config_parameter'].set_param(REMINDER_DAYS_PARAM, '3')
        activity = self._assigned(date_deadline=in_days(10))
        done = self._assigned(date_deadline=in_days(10))
        done.action_done()
        day = activity._deadline_day()
        cron = self.env['isp.crm.activity']._cron_send_deadline_reminders

        def reminders():
            return self._mails(activity).filtered(
                lambda mail: mail.subject.startswith('Reminder: '))

        self.assertNotIn(activity, cron(day - timedelta(days=4)))
        self.assertFalse(reminders())
        self.assertIn(activity, cron(day - timedelta(days=3)))
        self.assertEqual(activity.date_last_reminder,
                         fields.Date.to_string(day - timedelta(days=3)))
        self.assertEqual(len(reminders()), 1)
        self.assertNotIn('due today', reminders().body_html)
        self.assertNotIn(activity, cron(day - timedelta(days=3)))
        self.assertNotIn(activity, cron(day - timedelta(days=2)))
        self.assertEqual(len(reminders()), 1)
        self.assertIn(activity, cron(fields.Date.to_string(day)))
        self.assertNotIn(activity, cron(day))
        due = reminders()
        self.assertEqual(len(due), 2)
        self.assertIn('due today', due[-1].body_html)
        self.assertEqual(due.mapped('recipient_ids'),
                         self.operator.partner_id)
        self.assertNotIn(activity, cron(day + timedelta(days=1)))
        self.assertNotIn(done, cron(day))
        self.assertFalse(self._mails(done).filtered(
            lambda mail: mail.subject.startswith('Reminder: ')))

    def test_reminder_days_default_to_two(self):
        self.env['ir.config_parameter'].set_param(REMINDER_DAYS_PARAM, '')
        activity = self._assigned(date_deadline=in_days(10))
        day = activity._deadline_day()
        cron = self.env['isp.crm.activity']._cron_send_deadline_reminders
        self.assertNotIn(activity, cron(day - timedelta(days=3)))
        self.assertIn(activity, cron(day - timedelta(days=2)))

    def test_deadline_day_is_the_operators_local_day(self):
        # 23:00 UTC is already the next day in Madrid
        activity = self._assigned(date_deadline=in_days(10, hour=23))
        utc_day = fields.Datetime.from_string(activity.date_deadline).date()
        self.assertEqual(activity._deadline_day(),
                         utc_day + timedelta(days=1))

    def test_reminder_reaches_the_operator_by_email(self):
        activity = self._assigned(name='Visit the customer')
        day = activity._deadline_day()
        self.env['isp.crm.activity']._cron_send_deadline_reminders(day)
        reminder = self._mails(activity).filtered(
            lambda mail: mail.subject.startswith('Reminder: '))
        with LocalSmtpServer(self.env) as smtp:
            smtp.deliver(reminder)
        received = smtp.messages_to(self.operator.email)
        self.assertEqual(len(received), 1)
        self.assertIn('Reminder: Visit the customer',
                      received[0].message['Subject'])
        self.assertFalse(smtp.calendar_parts(received[0]))
