# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import ical, reminder

_logger = logging.getLogger(__name__)

ACTIVITY_TYPES = [
    ('call', 'Call'),
    ('appointment', 'Appointment'),
    ('mailing', 'Mailing'),
    ('information_request', 'Information request'),
    ('complaint', 'Complaint'),
]
EXECUTIONS = [
    ('automatic', 'Automatic'),
    ('semi_automatic', 'Semi-automatic'),
]
STATES = [
    ('new', 'New'),
    ('assigned', 'Assigned'),
    ('done', 'Done'),
    ('cancel', 'Cancelled'),
]
OPEN_STATES = ('new', 'assigned')
REMINDER_DAYS_PARAM = 'isp_crm.activity_reminder_days'
DEFAULT_REMINDER_DAYS = 2
# Context key for recording past activities (demo data, imports): a past
# deadline is accepted and no invitation is e-mailed.
CONTEXT_HISTORY = 'isp_crm_activity_history'


class IspCrmActivity(models.Model):
    _name = 'isp.crm.activity'
    _inherit = ['mail.thread']
    _description = 'ISP CRM activity'
    _order = 'date_deadline desc, id desc'

    name = fields.Char('Subject', required=True, track_visibility='onchange')
    activity_type = fields.Selection(
        ACTIVITY_TYPES, 'Type', required=True, default='call',
        track_visibility='onchange')
    execution = fields.Selection(
        EXECUTIONS, required=True, default='semi_automatic',
        help='Automatic: the activity is done as soon as it is recorded. '
             'Semi-automatic: an operator is assigned with a deadline and '
             'receives a calendar invitation.')
    state = fields.Selection(
        STATES, required=True, default='new', readonly=True, copy=False,
        index=True, track_visibility='onchange')
    partner_id = fields.Many2one(
        'res.partner', 'Customer', index=True, ondelete='restrict',
        track_visibility='onchange')
    lead_id = fields.Many2one(
        'crm.lead', 'Lead', index=True, ondelete='set null')
    user_id = fields.Many2one(
        'res.users', 'Operator', index=True,
        domain=[('share', '=', False)], track_visibility='onchange',
        help='The operator or agent who carries out the activity.')
    organizer_id = fields.Many2one(
        'res.users', 'Responsible', required=True,
        default=lambda self: self.env.user,
        domain=[('share', '=', False)],
        help='Organizer of the calendar invitations sent to the operator.')
    date_deadline = fields.Datetime(
        'Deadline', index=True, track_visibility='onchange')
    duration = fields.Float(
        default=1.0, help='Expected duration in hours (the length of the '
                          'calendar event).')
    date_done = fields.Datetime('Done on', readonly=True, copy=False)
    description = fields.Text()
    result = fields.Text()
    company_id = fields.Many2one(
        'res.company', required=True,
        default=lambda self: self.env.user.company_id)
    is_overdue = fields.Boolean('Overdue', compute='_compute_is_overdue')
    ical_uid = fields.Char(
        'Calendar UID', readonly=True, copy=False,
        help='Identifies the calendar event of this activity in the '
             'operator\'s calendar.')
    ical_sequence = fields.Integer(
        'Calendar sequence', readonly=True, copy=False, default=0,
        help='Revision of the calendar event, raised on every update.')
    ical_sent = fields.Boolean(readonly=True, copy=False)
    date_last_reminder = fields.Date(
        'Last reminder', readonly=True, copy=False)

    @api.depends('state', 'date_deadline')
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for activity in self:
            activity.is_overdue = bool(
                activity.state in OPEN_STATES and activity.date_deadline
                and activity.date_deadline < now)

    @api.constrains('date_deadline')
    def _check_date_deadline(self):
        if self.env.context.get(CONTEXT_HISTORY):
            return
        now = fields.Datetime.now()
        for activity in self:
            if (activity.state in OPEN_STATES and activity.date_deadline
                    and activity.date_deadline < now):
                raise ValidationError(_(
                    'The deadline of the activity "%s" is in the past. '
                    'Choose a date and time from now on.') % activity.name)

    @api.constrains('state', 'user_id', 'date_deadline')
    def _check_assigned(self):
        for activity in self:
            if activity.state == 'assigned' and not (
                    activity.user_id and activity.date_deadline):
                raise ValidationError(_(
                    'The activity "%s" is assigned: it needs an operator '
                    'and a deadline. Set them, or cancel the activity.')
                    % activity.name)

    @api.constrains('partner_id', 'lead_id')
    def _check_partner_or_lead(self):
        for activity in self:
            if not activity.partner_id and not activity.lead_id:
                raise ValidationError(_(
                    'Choose the customer or the lead of the activity "%s".')
                    % activity.name)

    @api.onchange('lead_id')
    def _onchange_lead_id(self):
        if self.lead_id.partner_id and not self.partner_id:
            self.partner_id = self.lead_id.partner_id

    @api.model
    def create(self, vals):
        if vals.get('execution') == 'automatic':
            vals = dict(vals, state='done', date_done=fields.Datetime.now())
        activity = super(IspCrmActivity, self).create(vals)
        activity.ical_uid = activity._default_ical_uid()
        if (activity.state == 'new'
                and activity.execution == 'semi_automatic'
                and activity.user_id and activity.date_deadline):
            activity.action_assign()
        return activity

    @api.multi
    def write(self, vals):
        before = {}
        if {'user_id', 'date_deadline', 'duration'} & set(vals):
            before = {
                activity.id: (activity.user_id, activity.date_deadline,
                              activity.duration)
                for activity in self if activity.state == 'assigned'}
        res = super(IspCrmActivity, self).write(vals)
        for activity in self.browse(list(before)):
            if activity.state != 'assigned':
                continue
            user, deadline, duration = before[activity.id]
            if activity.user_id != user:
                activity._send_cancellation(user)
                activity._send_invitation(bump=False, update=False)
            elif (activity.date_deadline != deadline
                  or activity.duration != duration):
                activity._send_invitation()
        return res

    @api.multi
    def _message_auto_subscribe_notify(self, partner_ids):
        """The operator follows the activity but gets the calendar
        invitation instead of the generic "you have been assigned" mail."""
        return

    def _default_ical_uid(self):
        database_uuid = self.env['ir.config_parameter'].sudo().get_param(
            'database.uuid') or self.env.cr.dbname
        return 'isp-crm-activity-%d@%s' % (self.id, database_uuid)

    @api.multi
    def action_assign(self):
        for activity in self:
            if activity.state != 'new':
                raise UserError(_(
                    'Only a new activity can be assigned; "%s" is not new.')
                    % activity.name)
            if not activity.user_id or not activity.date_deadline:
                raise UserError(_(
                    'Choose the operator and the deadline of the activity '
                    '"%s" before assigning it.') % activity.name)
            activity.write({'state': 'assigned'})
            activity._check_date_deadline()
            activity._send_invitation()
        return True

    @api.multi
    def action_done(self):
        for activity in self:
            if activity.state not in OPEN_STATES:
                raise UserError(_(
                    'The activity "%s" is already closed. Reopen it first.')
                    % activity.name)
        self.write({'state': 'done', 'date_done': fields.Datetime.now()})
        return True

    @api.multi
    def action_cancel(self):
        for activity in self:
            if activity.state not in OPEN_STATES:
                raise UserError(_(
                    'The activity "%s" is already closed. Reopen it first.')
                    % activity.name)
            was_assigned = activity.state == 'assigned'
            activity.write({'state': 'cancel'})
            if was_assigned:
                activity._send_cancellation(activity.user_id)
        return True

    @api.multi
    def action_reopen(self):
        for activity in self:
            if activity.state in OPEN_STATES:
                raise UserError(_(
                    'The activity "%s" is still open.') % activity.name)
        self.write({'state': 'new', 'date_done': False})
        return True

    # Calendar invitations

    @api.multi
    def _prepare_ical_values(self, user):
        """Arguments of ``rules.ical.build_*`` for ``user`` (the attendee)."""
        self.ensure_one()
        organizer = self.organizer_id
        organizer_email = organizer.email or self.company_id.email
        if not organizer_email or not user.email:
            raise UserError(_(
                'The calendar invitation of the activity "%s" needs the '
                'e-mail address of the responsible and of the operator. '
                'Set them on their user or company.') % self.name)
        lines = [line for line in (
            self.partner_id.display_name, self.lead_id.name,
            self.description) if line]
        base_url = self.env['ir.config_parameter'].sudo().get_param(
            'web.base.url')
        return {
            'uid': self.ical_uid,
            'sequence': self.ical_sequence,
            'dtstart': fields.Datetime.from_string(self.date_deadline),
            'duration': timedelta(hours=self.duration or 1.0),
            'summary': self.name,
            'description': '\n'.join(lines),
            'location': self.partner_id.contact_address.strip().replace(
                '\n', ', ') if (self.activity_type == 'appointment'
                                and self.partner_id) else None,
            'url': base_url and '%s/web#id=%d&model=%s&view_type=form' % (
                base_url, self.id, self._name),
            'organizer_email': organizer_email,
            'organizer_name': organizer.name,
            'attendee_email': user.email,
            'attendee_name': user.name,
            'dtstamp': fields.Datetime.from_string(fields.Datetime.now()),
        }

    @api.multi
    def _send_invitation(self, bump=True, update=None):
        """Queue the invitation (or its update) to the operator.

        Once an invitation went out, the next one is an update: same UID,
        SEQUENCE raised (unless ``bump`` is False: already raised).
        """
        self.ensure_one()
        if self.env.context.get(CONTEXT_HISTORY):
            return
        if update is None:
            update = self.ical_sent
        if self.ical_sent and bump:
            self.ical_sequence += 1
        ics = ical.build_request(**self._prepare_ical_values(self.user_id))
        template = self.env.ref(
            'isp_crm.mail_template_isp_crm_activity_invitation')
        self._send_ics(template.with_context(isp_crm_ical_update=update),
                       ics, ical.METHOD_REQUEST, self.user_id)
        self.ical_sent = True

    @api.multi
    def _send_cancellation(self, user):
        """Queue the cancellation of the invitation sent to ``user``."""
        self.ensure_one()
        if self.env.context.get(CONTEXT_HISTORY) or not self.ical_sent \
                or not user:
            return
        self.ical_sequence += 1
        ics = ical.build_cancel(**self._prepare_ical_values(user))
        template = self.env.ref(
            'isp_crm.mail_template_isp_crm_activity_cancellation')
        self._send_ics(template, ics, ical.METHOD_CANCEL, user)

    @api.multi
    def _send_ics(self, template, ics, method, user):
        self.ensure_one()
        attachment = self.env['ir.attachment'].create({
            'name': 'invite.ics',
            'datas_fname': 'invite.ics',
            'datas': base64.b64encode(ics),
            'mimetype': 'text/calendar; method=%s' % method,
            'res_model': self._name,
            'res_id': self.id,
        })
        return template.send_mail(self.id, email_values={
            'recipient_ids': [(6, 0, user.partner_id.ids)],
            'attachment_ids': [attachment.id],
        })

    # Deadline reminders

    @api.model
    def _reminder_days(self):
        value = self.env['ir.config_parameter'].sudo().get_param(
            REMINDER_DAYS_PARAM, DEFAULT_REMINDER_DAYS)
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return DEFAULT_REMINDER_DAYS

    @api.multi
    def _deadline_day(self):
        """Day of the deadline in the operator's time zone."""
        self.ensure_one()
        deadline = fields.Datetime.from_string(self.date_deadline)
        return fields.Datetime.context_timestamp(
            self.with_context(tz=self.user_id.tz or 'UTC'), deadline).date()

    @api.model
    def _cron_send_deadline_reminders(self, date_ref=None):
        """E-mail the operators whose open activities fall due soon.

        Safe to run twice a day: an activity is reminded once a day at most.
        """
        if not date_ref:
            date_ref = fields.Date.context_today(self)
        if isinstance(date_ref, str):
            date_ref = fields.Date.from_string(date_ref)
        days_before = self._reminder_days()
        window_start = date_ref - timedelta(days=1)
        window_end = date_ref + timedelta(days=days_before + 2)
        activities = self.search([
            ('state', '=', 'assigned'),
            ('user_id', '!=', False),
            ('date_deadline', '>=', fields.Date.to_string(window_start)),
            ('date_deadline', '<', fields.Date.to_string(window_end)),
        ])
        template = self.env.ref(
            'isp_crm.mail_template_isp_crm_activity_reminder')
        reminded = self.browse()
        for activity in activities:
            last = None
            if activity.date_last_reminder:
                last = fields.Date.from_string(activity.date_last_reminder)
            kind = reminder.reminder_kind(
                activity._deadline_day(), date_ref, days_before, last)
            if not kind:
                continue
            try:
                with self.env.cr.savepoint():
                    template.with_context(
                        isp_crm_due_today=kind == reminder.REMINDER_DUE,
                    ).send_mail(activity.id)
                    activity.date_last_reminder = date_ref
            except Exception:
                _logger.exception(
                    'Deadline reminder of CRM activity %s not sent',
                    activity.id)
                continue
            reminded |= activity
        return reminded
