# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging
from datetime import datetime
from email.utils import formataddr

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from ..rules import image_upload
from ..rules import sla as sla_rules
from ..rules import ticket_input
from .isp_helpdesk_origin import ORIGIN_PORTAL, ORIGINS

_logger = logging.getLogger(__name__)

SUBTYPE_STAGE = 'isp_helpdesk.mt_ticket_stage'
CONTEXT_NO_SMS = 'isp_helpdesk_no_sms'


class HelpdeskTicket(models.Model):
    _inherit = 'helpdesk.ticket'

    # the portal shows the conversation only: internal notes and the
    # e-mails sent to the staff (no subtype: "assigned to you") stay inside
    website_message_ids = fields.One2many(
        domain=lambda self: [
            ('model', '=', self._name),
            ('message_type', 'in', ('comment', 'email')),
            ('subtype_id', '!=', False),
            ('subtype_id.internal', '=', False)])
    isp_origin = fields.Selection(
        ORIGINS, string='Origin', readonly=True,
        help="Where the ticket was opened; empty for the back office and "
             "e-mail.")
    date_deadline = fields.Datetime(
        string='SLA deadline', compute='_compute_date_deadline', store=True,
        help="From the SLA of the category and priority of the ticket.")
    isp_overdue = fields.Boolean(
        string='Overdue', compute='_compute_isp_overdue',
        search='_search_isp_overdue')
    isp_sla_reminded = fields.Boolean(
        string='SLA reminder sent', readonly=True, copy=False)

    @api.depends('category_id', 'priority', 'create_date')
    def _compute_date_deadline(self):
        Sla = self.env['isp.helpdesk.sla'].sudo()
        for ticket in self:
            sla = Sla._get_for(ticket.category_id, ticket.priority)
            start = fields.Datetime.from_string(
                ticket.create_date or fields.Datetime.now())
            ticket.date_deadline = fields.Datetime.to_string(
                sla_rules.deadline(start, sla.hours)) if sla else False

    @api.depends('date_deadline', 'stage_id.closed')
    def _compute_isp_overdue(self):
        now = datetime.utcnow()
        for ticket in self:
            ticket.isp_overdue = sla_rules.is_overdue(
                fields.Datetime.from_string(ticket.date_deadline),
                ticket.closed, now)

    def _search_isp_overdue(self, operator, value):
        overdue = ['&', ('date_deadline', '<', fields.Datetime.now()),
                   ('stage_id.closed', '=', False)]
        if (operator == '=') == bool(value):
            return overdue
        return ['|', '|', ('date_deadline', '=', False),
                ('date_deadline', '>=', fields.Datetime.now()),
                ('stage_id.closed', '=', True)]

    # ---------------------------------------------------------------
    # CRUD
    # ---------------------------------------------------------------

    @api.model
    def create(self, vals):
        vals = self._isp_apply_origin_defaults(dict(vals))
        vals = self._isp_fill_partner_contact(vals)
        ticket = super(HelpdeskTicket, self).create(vals)
        ticket._isp_subscribe_people()
        return ticket

    @api.multi
    def write(self, vals):
        former = {ticket.id: ticket.partner_id for ticket in self} \
            if 'partner_id' in vals else {}
        if vals.get('partner_id'):
            # the contact details follow the customer (the form's onchange
            # does it on screen; imports and RPC get the same)
            vals = self._isp_fill_partner_contact(dict(
                vals, partner_name=vals.get('partner_name') or False,
                partner_email=vals.get('partner_email') or False))
        res = super(HelpdeskTicket, self).write(vals)
        if former:
            self._isp_unsubscribe_former_customers(former)
        if vals.get('partner_id') or vals.get('user_id'):
            self._isp_subscribe_people()
        if vals.get('category_id') or vals.get('priority'):
            self.filtered('isp_sla_reminded').write(
                {'isp_sla_reminded': False})
        if vals.get('stage_id') and not self.env.context.get(CONTEXT_NO_SMS):
            for ticket in self:
                ticket._isp_send_customer_sms(_(
                    "%(company)s: your ticket %(number)s is now "
                    "\"%(stage)s\".") % {
                        'company': ticket.company_id.name,
                        'number': ticket.number,
                        'stage': ticket.stage_id.name})
        return res

    @api.model
    def _isp_fill_partner_contact(self, vals):
        """Name and e-mail of the ticket's customer where ``vals`` gives
        none (helpdesk_mgmt fills them only in the form's onchange)."""
        if not vals.get('partner_id') or (
                vals.get('partner_name') and vals.get('partner_email')):
            return vals
        partner = self.env['res.partner'].sudo().browse(vals['partner_id'])
        vals = dict(vals)
        vals['partner_name'] = vals.get('partner_name') or partner.name
        vals['partner_email'] = vals.get('partner_email') or partner.email
        return vals

    @api.model
    def _isp_apply_origin_defaults(self, vals):
        origin = vals.get('isp_origin')
        if not origin:
            return vals
        company = self.env['res.company'].browse(
            vals.get('company_id')) if vals.get('company_id') else None
        line = self.env['isp.helpdesk.origin'].sudo()._get_for_origin(
            origin, company)
        for name, value in line._prepare_ticket_values().items():
            if not vals.get(name):
                vals[name] = value
        return vals

    @api.multi
    def _isp_subscribe_people(self):
        """The customer follows the conversation and the stage changes;
        the technician follows the customer's messages."""
        for ticket in self:
            partners = ticket.partner_id | ticket.user_id.partner_id
            new = partners - ticket.message_partner_ids
            if new:
                ticket.message_subscribe(partner_ids=new.ids)

    @api.multi
    def _isp_unsubscribe_former_customers(self, former):
        """``former``: {ticket id: partner before the change}. The former
        customer (and the contacts of their company) stop following the
        ticket: they no longer get its messages."""
        for ticket in self:
            old = former.get(ticket.id)
            if not old or old.commercial_partner_id \
                    == ticket.partner_id.commercial_partner_id:
                continue
            gone = ticket.sudo().message_partner_ids.filtered(
                lambda p: p.commercial_partner_id == old.commercial_partner_id
                and not any(not user.share for user in p.user_ids))
            if gone:
                ticket.sudo().message_unsubscribe(partner_ids=gone.ids)

    # ---------------------------------------------------------------
    # Mail
    # ---------------------------------------------------------------

    @api.multi
    def send_user_mail(self):
        """helpdesk_mgmt calls it when a technician is assigned; public
        there, so only who may change the ticket may send it."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        return self._isp_send_user_mail()

    @api.multi
    def _isp_send_user_mail(self):
        """Tell the technician (not the customer, as helpdesk_mgmt's
        template would) that the ticket is theirs."""
        template = self.env.ref('isp_helpdesk.mail_template_ticket_assigned')
        for ticket in self.filtered('user_id.partner_id'):
            template.send_mail(ticket.id, email_values={
                'recipient_ids': [(6, 0, ticket.user_id.partner_id.ids)],
                'email_to': False,
            })

    @api.multi
    def _track_subtype(self, init_values):
        self.ensure_one()
        if 'stage_id' in init_values:
            return SUBTYPE_STAGE
        return super(HelpdeskTicket, self)._track_subtype(init_values)

    @api.multi
    @api.returns('mail.message', lambda value: value.id)
    def message_post(self, body='', subject=None, message_type='notification',
                     subtype=None, parent_id=False, attachments=None,
                     content_subtype='html', **kwargs):
        if self._isp_is_customer_session():
            # Odoo's public API, reached by /mail/chatter_post with any
            # form field: a customer posts text and photos on their own
            # open ticket, as themselves, and nothing else
            if len(self) != 1:
                raise AccessError(_(
                    "Only the customer of the ticket can do this."))
            partner = self.env.user.partner_id
            cleaned = self._isp_clean_images(
                [(a[0], a[1]) for a in attachments or ()], self.company_id)
            with self.env.cr.savepoint():
                self._isp_check_customer_can_post(partner)
            body = body if content_subtype != 'plaintext' \
                else plaintext2html(body)
            subject, parent_id, content_subtype = None, False, 'html'
            message_type, subtype = 'comment', 'mail.mt_comment'
            attachments = [(name, data) for name, data, _type in cleaned]
            kwargs = {'author_id': partner.id,
                      'email_from': self._isp_email_from(partner)}
        message = super(HelpdeskTicket, self).message_post(
            body=body, subject=subject, message_type=message_type,
            subtype=subtype, parent_id=parent_id, attachments=attachments,
            content_subtype=content_subtype, **kwargs)
        if len(self) == 1:
            self._isp_hide_internal_attachments(message)
        if len(self) == 1 and not self.env.context.get(CONTEXT_NO_SMS) \
                and message.message_type == 'comment' \
                and message.subtype_id \
                and not message.subtype_id.internal \
                and message.author_id and self.partner_id \
                and message.author_id.commercial_partner_id \
                != self.partner_id.commercial_partner_id:
            self._isp_send_customer_sms(_(
                "%(company)s: there is a new answer to your ticket "
                "%(number)s in your customer area.") % {
                    'company': self.company_id.name,
                    'number': self.number})
        return message

    @api.model
    def _isp_is_customer_session(self):
        """True when a portal (or public) user acts in their own name."""
        return self.env.uid != SUPERUSER_ID and self.env.user.share

    @api.multi
    def _isp_hide_internal_attachments(self, message):
        """The files of an internal note belong to the note, not to the
        ticket: the ticket's attachments are what its customer may read
        (gallery, /web/content, RPC), the note's follow the note's access
        (employees only)."""
        self.ensure_one()
        if message.subtype_id and not message.subtype_id.internal:
            return
        files = message.sudo().attachment_ids.filtered(
            lambda a: a.res_model == self._name and a.res_id == self.id)
        if files:
            files.write({'res_model': 'mail.message', 'res_id': message.id})

    @api.model
    def _isp_fix_stored_attachments(self):
        """Files stored before the uploads were checked (run once by the
        migration): the files of internal notes (and of e-mails to the
        staff) move from the ticket to their message, and a file of an
        active type (HTML, SVG, XML, JavaScript) on a ticket is served as
        plain text. Return the number of files changed."""
        cr = self.env.cr
        cr.execute("""
            UPDATE ir_attachment a
               SET res_model = 'mail.message', res_id = m.id
              FROM message_attachment_rel rel
              JOIN mail_message m ON m.id = rel.message_id
              LEFT JOIN mail_message_subtype s ON s.id = m.subtype_id
             WHERE rel.attachment_id = a.id
               AND m.model = %s AND a.res_model = %s AND a.res_id = m.res_id
               AND (s.id IS NULL OR s.internal)""", (self._name, self._name))
        moved = cr.rowcount
        cr.execute("""
            UPDATE ir_attachment SET mimetype = 'text/plain'
             WHERE res_model = %s
               AND (mimetype ILIKE '%%html%%' OR mimetype ILIKE '%%xml%%'
                    OR mimetype ILIKE '%%script%%')""", (self._name,))
        self.env['ir.attachment'].invalidate_cache(
            ['res_model', 'res_id', 'mimetype'])
        return moved + cr.rowcount

    @api.multi
    def _isp_send_customer_sms(self, text):
        """Send ``text`` to the customer's mobile through the suite's SMS
        gateway when one is installed and active. A failure is logged on
        the ticket and never stops the message or the change."""
        self.ensure_one()
        if 'isp.sms.gateway' not in self.env or not self.partner_id:
            return False
        mobile = self.partner_id.mobile or self.partner_id.phone
        gateway = self.env['isp.sms.gateway'].sudo()._get_active()
        if not gateway or not mobile:
            return False
        try:
            with self.env.cr.savepoint():
                send = getattr(gateway, '_send_sms', None) \
                    or gateway.send_sms
                send(mobile, text)
        except Exception as error:  # any failure of an outside service
            _logger.info("SMS for ticket %s not sent: %s", self.number,
                         error)
            self.sudo().with_context(**{CONTEXT_NO_SMS: True}).message_post(
                body=_("The SMS to the customer could not be sent: %s")
                % (getattr(error, 'name', False) or str(error)),
                subtype='mail.mt_note')
            return False
        return True

    # ---------------------------------------------------------------
    # Portal
    # ---------------------------------------------------------------

    @api.model
    def _isp_count_portal_tickets_today(self, partner, date_ref=None):
        day = fields.Date.to_string(
            fields.Date.from_string(date_ref) if date_ref
            else fields.Date.from_string(fields.Date.today()))
        return self.sudo().search_count([
            ('partner_id', 'child_of', partner.commercial_partner_id.id),
            ('isp_origin', '=', ORIGIN_PORTAL),
            ('create_date', '>=', day + ' 00:00:00'),
            ('create_date', '<=', day + ' 23:59:59'),
        ])

    @api.model
    def _isp_portal_limit_reached(self, partner, date_ref=None):
        company = partner.company_id or self.env.user.company_id
        return ticket_input.daily_limit_reached(
            company.isp_helpdesk_daily_limit_enabled,
            company.isp_helpdesk_daily_limit,
            self._isp_count_portal_tickets_today(partner, date_ref))

    @api.model
    def _isp_lock_customer(self, partner):
        """Serialize what a customer does that a daily limit counts.

        An UPDATE, not a ``SELECT ... FOR UPDATE``: under REPEATABLE READ a
        second request waits for the first, then fails with a serialization
        error when the first committed (Odoo retries the request with a new
        snapshot that sees the first ticket), instead of counting on a
        snapshot taken before the first ticket existed."""
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date WHERE id = %s",
            (partner.commercial_partner_id.id,))

    @api.model
    def _isp_clean_images(self, images, company=None):
        """``images``: a list of ``(filename, bytes)`` sent by a customer.
        Return them checked and re-encoded as ``(name, bytes, mimetype)``;
        raise a UserError naming the first file that is refused."""
        company = company or self.env.user.company_id
        max_mb = company.isp_helpdesk_image_max_mb
        images = list(images)
        try:
            image_upload.check_count(
                len(images), company.isp_helpdesk_image_max_count)
        except image_upload.ImageRefused:
            raise UserError(self._isp_image_refusal_message(
                image_upload.TOO_MANY_FILES, '', company))
        cleaned = []
        for filename, data in images:
            try:
                clean = image_upload.clean_image(
                    data, filename, max_mb * image_upload.MEGABYTE)
            except image_upload.ImageRefused as refused:
                raise UserError(self._isp_image_refusal_message(
                    refused.code, filename, company))
            cleaned.append((clean.filename, clean.data, clean.mimetype))
        return cleaned

    @api.model
    def _isp_image_refusal_message(self, code, filename, company):
        values = {'file': filename, 'mb': company.isp_helpdesk_image_max_mb,
                  'count': company.isp_helpdesk_image_max_count}
        if code == image_upload.TOO_MANY_FILES:
            return _("Attach at most %(count)s photos at a time.") % values
        if code == image_upload.TOO_LARGE:
            return _("The image \"%(file)s\" is larger than %(mb)s MB: "
                     "send a smaller photo.") % values
        if code == image_upload.TOO_MANY_PIXELS:
            return _("The image \"%(file)s\" has too many pixels: send a "
                     "photo of a smaller resolution.") % values
        if code == image_upload.EMPTY:
            return _("The file \"%(file)s\" is empty: choose the photo "
                     "again.") % values
        return _("\"%(file)s\" is not an image: attach photos only (JPEG "
                 "or PNG).") % values

    @api.multi
    def _isp_attach_images(self, images):
        """Attach checked images (``(name, bytes, mimetype)``) to the
        ticket, with the MIME type decided from their content."""
        self.ensure_one()
        Attachment = self.env['ir.attachment'].sudo()
        for name, data, mimetype in images:
            Attachment.create({
                'name': name,
                'datas_fname': name,
                'datas': base64.b64encode(data),
                'mimetype': mimetype,
                'res_model': self._name,
                'res_id': self.id,
            })

    @api.model
    def _prepare_portal_ticket_values(self, partner, category, description):
        return {
            'name': ticket_input.ticket_title(description),
            'description': plaintext2html(description),
            'partner_id': partner.id,
            'partner_name': partner.name,
            'partner_email': partner.email,
            'category_id': category.id,
            'company_id': (partner.company_id
                           or self.env.user.company_id).id,
            'channel_id': self.env.ref(
                'helpdesk_mgmt.helpdesk_ticket_channel_web').id,
            'isp_origin': ORIGIN_PORTAL,
        }

    @api.model
    def _isp_portal_form_values(self, partner, form):
        """Extra values of the portal's new-ticket form for ``partner``
        (``form``: what the customer sent, to show it again). Other
        modules add their fields here."""
        return {}

    @api.model
    def _isp_portal_form_ticket_values(self, partner, form):
        """Ticket values from the extra fields of the portal form
        (``form``: a werkzeug MultiDict or a dict); checked for
        ``partner``. Other modules add their fields here."""
        return {}

    @api.model
    def _isp_portal_create_ticket(self, partner, category_id, description,
                                  images=(), date_ref=None, form=None):
        """Open a ticket for ``partner`` from the portal, after checking
        what the customer sent. Private: the portal controller calls it
        with sudo(), for the partner of the logged-in user only."""
        description = (description or '').strip()
        if not description:
            raise UserError(_(
                "Describe the problem or request: the description is "
                "empty."))
        try:
            category_id = int(category_id or 0)
        except (TypeError, ValueError):
            category_id = 0
        company = partner.company_id or self.env.user.company_id
        categories = self.env['helpdesk.ticket.category'].sudo() \
            ._isp_portal_categories(company)
        category = categories.filtered(lambda c: c.id == category_id)
        if not category:
            raise UserError(_(
                "Choose one of the categories offered in the list."))
        images = self._isp_clean_images(images, company)
        extra = self._isp_portal_form_ticket_values(partner, form or {})
        if company.isp_helpdesk_daily_limit_enabled:
            # a refusal leaves no lock behind (it would make the requests
            # waiting on it retry for nothing)
            with self.env.cr.savepoint():
                self._isp_lock_customer(partner)
                if self._isp_portal_limit_reached(partner, date_ref):
                    raise UserError(_(
                        "You reached the limit of %(limit)s tickets a day. "
                        "Add a message to one of your open tickets or try "
                        "again tomorrow.") % {
                            'limit': company.isp_helpdesk_daily_limit})
        values = self._prepare_portal_ticket_values(
            partner, category, description)
        values.update(extra)
        ticket = self.create(values)
        ticket._isp_attach_images(images)
        return ticket

    @api.multi
    def _isp_check_customer(self, partner):
        self.ensure_one()
        if not self.partner_id or partner.commercial_partner_id \
                != self.partner_id.commercial_partner_id:
            raise AccessError(_(
                "Only the customer of the ticket can do this."))

    @api.multi
    def _isp_count_customer_messages_today(self, partner):
        self.ensure_one()
        day = fields.Date.today()
        return self.env['mail.message'].sudo().search_count([
            ('model', '=', self._name), ('res_id', '=', self.id),
            ('message_type', '=', 'comment'),
            ('author_id', 'child_of', partner.commercial_partner_id.id),
            ('date', '>=', day + ' 00:00:00'),
            ('date', '<=', day + ' 23:59:59'),
        ])

    @api.multi
    def _isp_check_customer_can_post(self, partner):
        """The customer of an open ticket, within the messages a day of
        the company; locks the customer until the end of the
        transaction so parallel posts are counted."""
        self.ensure_one()
        self._isp_check_customer(partner)
        if self.closed:
            raise UserError(_(
                "This ticket is closed: open a new ticket to tell us "
                "more."))
        limit = self.company_id.isp_helpdesk_message_daily_limit
        if limit:
            self._isp_lock_customer(partner)
            if self._isp_count_customer_messages_today(partner) >= limit:
                raise UserError(_(
                    "You reached the limit of %(limit)s messages a day on "
                    "this ticket: we will answer soon, or try again "
                    "tomorrow.") % {'limit': limit})

    @api.multi
    def _isp_portal_post_message(self, partner, body, images=()):
        """Add the customer's message (and photos) to the ticket, sent by
        the customer. Private: the portal controller calls it with sudo()
        for the partner of the logged-in user."""
        self.ensure_one()
        body = (body or '').strip()
        images = list(images)
        if not body and not images:
            raise UserError(_("Write a message or attach a photo."))
        cleaned = self._isp_clean_images(images, self.company_id)
        with self.env.cr.savepoint():
            self._isp_check_customer_can_post(partner)
        return self.message_post(
            body=plaintext2html(body) if body else '',
            author_id=partner.id,
            email_from=self._isp_email_from(partner),
            message_type='comment', subtype='mail.mt_comment',
            attachments=[(name, data) for name, data, _type in cleaned])

    @api.model
    def _isp_email_from(self, partner):
        if partner.email:
            return formataddr((partner.name or '', partner.email))
        return partner.name or False

    @api.multi
    def _isp_closing_stages(self):
        """The stages the customer may close the ticket in: closed stages
        of the ticket's company whose areas include the ticket's area
        (a stage without areas is for every area)."""
        self.ensure_one()
        stages = self.env['helpdesk.ticket.stage'].sudo().search([
            ('closed', '=', True),
            '|', ('company_id', '=', False),
            ('company_id', '=', self.company_id.id)])
        return stages.filtered(
            lambda s: not s.isp_team_ids or self.team_id in s.isp_team_ids)

    @api.multi
    def _isp_portal_close(self, partner, stage_id=None):
        """The customer closes the ticket (one of its closing stages only).
        Private: called by the portal controller after its check."""
        self.ensure_one()
        self._isp_check_customer(partner)
        if self.closed:
            raise UserError(_("This ticket is already closed."))
        stages = self._isp_closing_stages()
        stage = stages.filtered(lambda s: s.id == stage_id)[:1] \
            if stage_id else stages[:1]
        if not stage:
            raise UserError(_(
                "This ticket cannot be closed from the portal: choose one "
                "of the close buttons of the ticket."))
        # the customer closed it: no SMS to tell them
        self.with_context(**{CONTEXT_NO_SMS: True}).write(
            {'stage_id': stage.id})
        return True

    @api.multi
    def _isp_demo_backdate(self, days):
        """Demo data: the tickets were opened ``days`` days ago, so they
        do not count in today's portal limit of their customer (loaded
        once, by the demo file, when the module is installed)."""
        if not self:
            return
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = create_date - "
            "interval '1 day' * %s WHERE id IN %s",
            (int(days), tuple(self.ids)))
        self.invalidate_cache(['create_date'], self.ids)
        self.env.add_todo(self._fields['date_deadline'], self)
        self.recompute()

    # ---------------------------------------------------------------
    # SLA
    # ---------------------------------------------------------------

    @api.model
    def _cron_remind_sla(self, date_ref=None):
        """E-mail the technicians of open tickets whose SLA deadline is
        near (``date_ref``: a UTC datetime or its string, default now).
        A ticket is reminded once."""
        if isinstance(date_ref, str):
            now = fields.Datetime.from_string(date_ref)
        else:
            now = date_ref or datetime.utcnow()
        tickets = self.search([
            ('stage_id.closed', '=', False),
            ('user_id', '!=', False),
            ('date_deadline', '!=', False),
            ('isp_sla_reminded', '=', False),
        ])
        template = self.env.ref('isp_helpdesk.mail_template_sla_reminder')
        Sla = self.env['isp.helpdesk.sla']
        reminded = self.browse()
        for ticket in tickets:
            sla = Sla._get_for(ticket.category_id, ticket.priority)
            if not sla_rules.reminder_due(
                    fields.Datetime.from_string(ticket.date_deadline),
                    sla.remind_hours if sla else 0, now):
                continue
            template.send_mail(ticket.id)
            reminded |= ticket
        reminded.write({'isp_sla_reminded': True})
        return reminded
