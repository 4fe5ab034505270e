# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import bundle as bundle_rules
from ..rules import credit_check as credit_rules
from ..rules import fiscal_id as fiscal_id_rules
from ..rules import intake as intake_rules


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    # --- catalog: bundle and campaign (fields, checks) ---------------------
    isp_bundle_id = fields.Many2one(
        'product.template', string='Bundle',
        domain=[('isp_is_bundle', '=', True)], readonly=True,
        states={'draft': [('readonly', False)], 'sent': [('readonly', False)]},
        help='Tariff package of the contract: its rules say how many of '
             'each tariff the contract may hold. "Apply bundle" fills the '
             'lines with its default quantities.')
    isp_campaign_id = fields.Many2one(
        'isp.campaign', string='Campaign', readonly=True,
        states={'draft': [('readonly', False)], 'sent': [('readonly', False)]},
        help='Commercial campaign valid on the contract date; its price '
             'applies to the matching lines.')
    isp_campaign_allowed_ids = fields.Many2many(
        'isp.campaign', string='Campaigns valid on the contract date',
        compute='_compute_isp_campaign_allowed_ids')

    @api.depends('date_order', 'company_id')
    def _compute_isp_campaign_allowed_ids(self):
        campaigns = self.env['isp.campaign']
        for order in self:
            order.isp_campaign_allowed_ids = (
                campaigns._isp_get_valid_campaigns(
                    order._isp_contract_date(), company=order.company_id))

    @api.multi
    def action_isp_apply_bundle(self):
        """Replace the ISP lines of the quotation by the bundle's components
        in their default quantities, then apply the campaign."""
        self.ensure_one()
        self._isp_check_catalog_editable()
        if not self.isp_bundle_id:
            raise UserError(_(
                'Choose a bundle for %s before applying it.') % self.name)
        isp_lines = self.order_line.filtered(
            lambda line: line.product_id.isp_service_type
            or line.product_id.isp_is_bundle)
        commands = [(2, line.id) for line in isp_lines]
        for bundle_line in self.isp_bundle_id.isp_bundle_line_ids:
            if bundle_line.qty_default > 0:
                commands.append((0, 0, self._prepare_isp_bundle_line_values(
                    bundle_line)))
        self.write({'order_line': commands})
        self.action_isp_apply_campaign()
        return True

    @api.multi
    def action_isp_apply_campaign(self):
        """Give the matching lines the campaign's price (or the regular
        price back to lines that no longer match)."""
        for order in self:
            order._isp_check_catalog_editable()
            for line, values in order._isp_campaign_line_updates():
                line.write(values)
        return True

    @api.multi
    def _isp_check_catalog_editable(self):
        for order in self:
            if order.state not in ('draft', 'sent'):
                raise UserError(_(
                    '%s is already confirmed: bundles and campaigns can only '
                    'be applied to quotations.') % order.name)

    @api.multi
    def _prepare_isp_bundle_line_values(self, bundle_line):
        """Values of a new order line for ``bundle_line`` (isp.bundle.line)
        in its default quantity, priced like a line typed by hand."""
        self.ensure_one()
        product = bundle_line.product_id
        line = self.env['sale.order.line'].new({
            'order_id': self.id,
            'product_id': product.id,
            'product_uom': product.uom_id.id,
            'product_uom_qty': bundle_line.qty_default,
        })
        line.product_id_change()
        values = line._convert_to_write(
            {name: line[name] for name in line._cache})
        values['product_uom_qty'] = bundle_line.qty_default
        values.pop('order_id', None)
        return values

    @api.multi
    def _isp_campaign_line_updates(self):
        """(line, values) pairs that bring the lines in line with the
        campaign: its price on the matching lines, the regular price back
        on the others."""
        self.ensure_one()
        campaign = self.isp_campaign_id
        covered = campaign._isp_covered_templates() if campaign else None
        updates = []
        for line in self.order_line:
            matches = bool(campaign) and (
                line.product_id.product_tmpl_id in covered)
            if matches:
                updates.append(
                    (line, campaign._prepare_order_line_values(line)))
            elif line.isp_campaign_id:
                updates.append(
                    (line, line._prepare_isp_campaign_removal_values()))
        return updates

    @api.multi
    def _isp_contract_date(self):
        """The contract date (the order date in the user's time zone), as
        a date string."""
        self.ensure_one()
        if not self.date_order:
            return fields.Date.context_today(self)
        stamp = fields.Datetime.context_timestamp(
            self, fields.Datetime.from_string(self.date_order))
        return fields.Date.to_string(stamp.date())

    @api.multi
    def _isp_bundle_counts(self):
        """Quantity per product (id) of the ISP lines: tariffs and
        bundles; other products (not ISP services) do not count."""
        self.ensure_one()
        counts = {}
        for line in self.order_line:
            product = line.product_id
            if product.isp_service_type or product.isp_is_bundle:
                counts[product.id] = (
                    counts.get(product.id, 0) + line.product_uom_qty)
        return counts

    @api.multi
    def _isp_bundle_violation_messages(self):
        """One translated sentence per violation of the bundle's rules."""
        self.ensure_one()
        bundle = self.isp_bundle_id
        if not bundle:
            return []
        violations = bundle_rules.check_counts(
            bundle._isp_bundle_rules(), self._isp_bundle_counts())
        templates = {
            bundle_rules.MISSING: _(
                '"%(component)s" is required by the bundle "%(bundle)s": '
                'add at least %(qty_min)s.'),
            bundle_rules.BELOW_MIN: _(
                '"%(component)s": the contract has %(count)s, the bundle '
                '"%(bundle)s" needs at least %(qty_min)s.'),
            bundle_rules.ABOVE_MAX: _(
                '"%(component)s": the contract has %(count)s, the bundle '
                '"%(bundle)s" allows at most %(qty_max)s.'),
            bundle_rules.NOT_IN_BUNDLE: _(
                '"%(component)s" is not part of the bundle "%(bundle)s": '
                'remove it or choose another bundle.'),
        }
        products = self.env['product.product']
        messages = []
        for code, params in violations:
            values = {key: ('%g' % value) if isinstance(value, float)
                      else value for key, value in params.items()}
            values['component'] = products.browse(
                params['component']).display_name
            values['bundle'] = bundle.display_name
            messages.append(templates[code] % values)
        return messages

    @api.multi
    def _isp_campaign_violation_messages(self):
        """Translated sentences saying why the campaign cannot be used."""
        self.ensure_one()
        campaign = self.isp_campaign_id
        if not campaign:
            return []
        messages = []
        date = self._isp_contract_date()
        if not campaign._isp_is_valid_on(date):
            messages.append(_(
                'The campaign "%(campaign)s" runs from %(date_start)s to '
                '%(date_end)s but the contract is dated %(date)s: choose a '
                'campaign valid on the contract date or remove it.') % {
                    'campaign': campaign.name,
                    'date_start': campaign.date_start,
                    'date_end': campaign.date_end,
                    'date': date,
                })
        if campaign.company_id and campaign.company_id != self.company_id:
            messages.append(_(
                'The campaign "%(campaign)s" belongs to the company '
                '%(campaign_company)s: choose a campaign of %(company)s.') % {
                    'campaign': campaign.name,
                    'campaign_company': campaign.company_id.name,
                    'company': self.company_id.name,
                })
        covered = campaign._isp_covered_templates()
        templates = self.order_line.mapped('product_id.product_tmpl_id')
        if self.isp_bundle_id not in campaign.product_tmpl_ids and not (
                templates & covered):
            messages.append(_(
                'The campaign "%s" does not include the bundle or any tariff '
                'of this contract: choose another campaign or remove it.')
                % campaign.name)
        stale = self.order_line.filtered(
            lambda line: (line.product_id.product_tmpl_id in covered)
            != (line.isp_campaign_id == campaign))
        if stale:
            messages.append(_(
                'The lines %(lines)s do not have the price of the campaign '
                '"%(campaign)s": click "Apply campaign".') % {
                    'lines': ', '.join(
                        stale.mapped('product_id.display_name')),
                    'campaign': campaign.name,
                })
        return messages

    @api.multi
    def _isp_check_catalog_rules(self):
        """Raise a UserError when the order breaks its bundle's line rules or
        its campaign is not valid on the order date."""
        errors = []
        for order in self:
            messages = (order._isp_bundle_violation_messages()
                        + order._isp_campaign_violation_messages())
            if messages:
                errors.append(_('%s cannot be confirmed:') % order.name)
                errors.extend('- %s' % message for message in messages)
        if errors:
            raise UserError('\n'.join(errors))
        return True
    # --- end catalog ---------------------------------------------------------

    # --- sales network: ISP contract, intake states, credit check ----------
    isp_is_contract = fields.Boolean(
        string='ISP contract', index=True,
        help="A contract entered by the sales network: it goes through the "
             "intake (back-office validation, credit check) and can be "
             "confirmed only when it is ready for activation.")
    isp_intake_state = fields.Selection(
        intake_rules.INTAKE_STATES, string='Intake',
        default=intake_rules.STATE_PROCESSING, required=True, readonly=True,
        copy=False, index=True, track_visibility='onchange',
        help="Processing: the agent may still change the contract. "
             "Validated: the back office checked the data. Credit checked: "
             "the customer passed the credit check (or a manager overrode "
             "it). Ready for activation: the contract can be confirmed.")
    isp_commission_agent_ids = fields.Many2many(
        'res.partner', relation='isp_sale_order_commission_agent_rel',
        column1='order_id', column2='agent_id', string='Commission agents',
        compute='_compute_isp_commission_agent_ids', store=True,
        help="The commission agents of the lines: they see the contract.")
    isp_intake_user_id = fields.Many2one(
        'res.users', string='Intake last changed by', readonly=True,
        copy=False)
    isp_date_intake = fields.Datetime(
        string='Intake last changed on', readonly=True, copy=False)
    isp_validated_by_id = fields.Many2one(
        'res.users', string='Validated by', readonly=True, copy=False)
    isp_date_validated = fields.Datetime(
        string='Validated on', readonly=True, copy=False)
    isp_credit_check_result = fields.Selection(
        credit_rules.RESULTS, string='Credit check', readonly=True,
        copy=False, track_visibility='onchange')
    isp_credit_check_reasons = fields.Text(
        string='Credit check findings', readonly=True, copy=False)
    isp_date_credit_check = fields.Date(
        string='Credit check date', readonly=True, copy=False,
        help="The date the credit rule was evaluated for.")
    isp_credit_checked_by_id = fields.Many2one(
        'res.users', string='Credit checked by', readonly=True, copy=False)
    isp_credit_override_reason = fields.Text(
        string='Credit override reason', readonly=True, copy=False,
        track_visibility='onchange')
    isp_credit_override_by_id = fields.Many2one(
        'res.users', string='Credit overridden by', readonly=True,
        copy=False)
    isp_date_credit_override = fields.Datetime(
        string='Credit overridden on', readonly=True, copy=False)
    isp_ready_by_id = fields.Many2one(
        'res.users', string='Marked ready by', readonly=True, copy=False)
    isp_date_ready = fields.Datetime(
        string='Marked ready on', readonly=True, copy=False)
    isp_reject_reason = fields.Text(
        string='Rejection reason', readonly=True, copy=False,
        track_visibility='onchange')
    isp_rejected_by_id = fields.Many2one(
        'res.users', string='Rejected by', readonly=True, copy=False)
    isp_date_rejected = fields.Datetime(
        string='Rejected on', readonly=True, copy=False)

    @api.depends('order_line.agents.agent')
    def _compute_isp_commission_agent_ids(self):
        for order in self:
            order.isp_commission_agent_ids = order.mapped(
                'order_line.agents.agent')

    @api.model
    def _isp_intake_protected_fields(self):
        """Fields only the intake buttons change (never an agent)."""
        return [
            'isp_intake_state', 'isp_intake_user_id', 'isp_date_intake',
            'isp_validated_by_id', 'isp_date_validated',
            'isp_credit_check_result', 'isp_credit_check_reasons',
            'isp_date_credit_check', 'isp_credit_checked_by_id',
            'isp_credit_override_reason', 'isp_credit_override_by_id',
            'isp_date_credit_override', 'isp_ready_by_id', 'isp_date_ready',
            'isp_reject_reason', 'isp_rejected_by_id', 'isp_date_rejected',
        ]

    @api.model
    def create(self, vals):
        if self._isp_intake_role() == intake_rules.ROLE_AGENT:
            protected = {
                name: value for name, value in vals.items()
                if name in self._isp_intake_protected_fields()}
            state = protected.pop(
                'isp_intake_state', intake_rules.STATE_PROCESSING)
            if (state != intake_rules.STATE_PROCESSING
                    or any(protected.values())):
                raise UserError(_(
                    "A sales agent enters contracts in \"Processing\": "
                    "validation, credit check and activation are done by "
                    "the back office."))
        return super(SaleOrder, self).create(vals)

    @api.multi
    def write(self, vals):
        self._isp_check_agent_edit_lock(vals)
        return super(SaleOrder, self).write(vals)

    @api.multi
    def unlink(self):
        self._isp_check_agent_edit_lock()
        return super(SaleOrder, self).unlink()

    @api.model
    def _isp_intake_role(self):
        """The intake role of the current user: one of
        ``rules.intake.ROLES`` or None."""
        user = self.env.user
        if (user._is_superuser()
                or user.has_group('isp_crm.group_isp_manager')):
            return intake_rules.ROLE_MANAGER
        if user.has_group('isp_crm.group_isp_backoffice'):
            return intake_rules.ROLE_BACKOFFICE
        if user.has_group('isp_crm.group_isp_agent'):
            return intake_rules.ROLE_AGENT
        return None

    @api.model
    def _isp_intake_state_label(self, state):
        selection = self._fields['isp_intake_state']._description_selection(
            self.env)
        return dict(selection).get(state, state)

    @api.model
    def _isp_intake_action_label(self, action):
        return {
            intake_rules.ACTION_VALIDATE: _('Validate'),
            intake_rules.ACTION_CREDIT_CHECK: _('Credit check'),
            intake_rules.ACTION_CREDIT_OVERRIDE: _('Override credit check'),
            intake_rules.ACTION_MARK_READY: _('Ready for activation'),
            intake_rules.ACTION_REJECT: _('Reject'),
            intake_rules.ACTION_RESET: _('Back to processing'),
        }[action]

    @api.model
    def _isp_intake_role_label(self, role):
        return {
            intake_rules.ROLE_AGENT: _('ISP / Sales agent'),
            intake_rules.ROLE_BACKOFFICE: _('ISP / Back office'),
            intake_rules.ROLE_MANAGER: _('ISP / Manager'),
        }[role]

    @api.multi
    def _isp_check_agent_edit_lock(self, vals=None):
        """An agent changes a contract only while it is in processing, and
        never its intake fields: raise a UserError otherwise."""
        if self._isp_intake_role() != intake_rules.ROLE_AGENT:
            return True
        if vals and all(name.startswith(('message_', 'activity_'))
                        for name in vals):
            # the chatter (messages, followers, activities) stays open
            return True
        if vals and set(vals) & set(self._isp_intake_protected_fields()):
            raise UserError(_(
                "Only the back office changes the intake of a contract: "
                "use the buttons of the contract, or ask the back office."))
        for order in self:
            if not order.isp_is_contract or intake_rules.agent_may_edit(
                    order.isp_intake_state):
                continue
            raise UserError(_(
                "Contract %(order)s is \"%(state)s\": a sales agent can "
                "change it only while it is \"%(processing)s\". Now only "
                "the back office or an ISP manager can change it: ask them, "
                "or ask them to send it back to processing.") % {
                    'order': order.name,
                    'state': self._isp_intake_state_label(
                        order.isp_intake_state),
                    'processing': self._isp_intake_state_label(
                        intake_rules.STATE_PROCESSING),
                })
        return True

    @api.multi
    def _isp_check_intake_transition(self, action):
        """Raise a UserError unless the current user may run ``action`` on
        every order of ``self`` from its current intake state."""
        role = self._isp_intake_role()
        if not intake_rules.role_allows(role, action):
            raise UserError(_(
                "\"%(action)s\" is reserved to the group %(group)s: ask one "
                "of its members.") % {
                    'action': self._isp_intake_action_label(action),
                    'group': self._isp_intake_role_label(
                        intake_rules.REQUIRED_ROLE[action]),
                })
        for order in self:
            if not order.isp_is_contract:
                raise UserError(_(
                    "%s is not an ISP contract: it has no intake.")
                    % order.name)
            try:
                intake_rules.next_state(order.isp_intake_state, action)
            except intake_rules.IntakeTransitionError:
                sources = intake_rules.TRANSITIONS[action][0]
                raise UserError(_(
                    "Contract %(order)s is \"%(state)s\": \"%(action)s\" "
                    "can only be done when it is %(allowed)s.") % {
                        'order': order.name,
                        'state': self._isp_intake_state_label(
                            order.isp_intake_state),
                        'action': self._isp_intake_action_label(action),
                        'allowed': _(' or ').join(
                            '"%s"' % self._isp_intake_state_label(state)
                            for state in sources),
                    })
            if (action in (intake_rules.ACTION_REJECT,
                           intake_rules.ACTION_RESET)
                    and order.state in ('sale', 'done')):
                raise UserError(_(
                    "Contract %s is already confirmed: cancel it instead "
                    "of changing its intake.") % order.name)
        return True

    @api.multi
    def _isp_intake_move(self, action, values=None):
        """Check and run ``action``: the new state, who and when."""
        self._isp_check_intake_transition(action)
        now = fields.Datetime.now()
        for order in self:
            vals = dict(values or {})
            vals.update({
                'isp_intake_state': intake_rules.next_state(
                    order.isp_intake_state, action),
                'isp_intake_user_id': self.env.uid,
                'isp_date_intake': now,
            })
            order.write(vals)
        return True

    @api.multi
    def action_isp_validate(self):
        """Back office: the data entered by the agent are right."""
        return self._isp_intake_move(intake_rules.ACTION_VALIDATE, {
            'isp_validated_by_id': self.env.uid,
            'isp_date_validated': fields.Datetime.now(),
        })

    @api.multi
    def action_isp_credit_check(self):
        """Button of the back office: run the credit rule today."""
        return self._isp_credit_check()

    @api.multi
    def _isp_credit_check(self, *, date_ref=None):
        """Back office: run the credit rule for ``date_ref`` (default
        today). A pass moves the contract to "credit checked"; a failure
        keeps it validated with the findings, for a manager to override.
        The customer's invoices are read as superuser: the user's access
        to the contracts and role are checked first."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        self._isp_check_intake_transition(intake_rules.ACTION_CREDIT_CHECK)
        date_ref = date_ref or fields.Date.context_today(self)
        if isinstance(date_ref, str):
            date_ref = fields.Date.from_string(date_ref)
        for order in self:
            reasons = order._isp_credit_check_failures(date_ref)
            vals = {
                'isp_credit_check_reasons': '\n'.join(reasons) or False,
                'isp_date_credit_check': fields.Date.to_string(date_ref),
                'isp_credit_checked_by_id': self.env.uid,
            }
            if reasons:
                vals['isp_credit_check_result'] = 'failed'
                order.write(vals)
            else:
                vals['isp_credit_check_result'] = 'passed'
                order._isp_intake_move(
                    intake_rules.ACTION_CREDIT_CHECK, vals)
        return True

    @api.multi
    def action_isp_credit_override(self):
        """Manager: open the wizard asking why the failed check passes."""
        self._isp_check_credit_override()
        return self._isp_reason_wizard_action(
            intake_rules.ACTION_CREDIT_OVERRIDE)

    @api.multi
    def _isp_check_credit_override(self):
        self._isp_check_intake_transition(
            intake_rules.ACTION_CREDIT_OVERRIDE)
        for order in self:
            if order.isp_credit_check_result != 'failed':
                raise UserError(_(
                    "Contract %s has no failed credit check: run the credit "
                    "check first; a manager overrides only a failed one.")
                    % order.name)
        return True

    @api.multi
    def _isp_credit_override(self, reason):
        """Manager: pass a failed credit check, recording why."""
        self._isp_check_credit_override()
        reason = self._isp_check_reason(reason)
        return self._isp_intake_move(intake_rules.ACTION_CREDIT_OVERRIDE, {
            'isp_credit_check_result': 'overridden',
            'isp_credit_override_reason': reason,
            'isp_credit_override_by_id': self.env.uid,
            'isp_date_credit_override': fields.Datetime.now(),
        })

    @api.multi
    def action_isp_mark_ready(self):
        """Back office: the contract can be confirmed and activated."""
        return self._isp_intake_move(intake_rules.ACTION_MARK_READY, {
            'isp_ready_by_id': self.env.uid,
            'isp_date_ready': fields.Datetime.now(),
        })

    @api.multi
    def action_isp_reject(self):
        """Back office: open the wizard asking why the contract is
        rejected."""
        self._isp_check_intake_transition(intake_rules.ACTION_REJECT)
        return self._isp_reason_wizard_action(intake_rules.ACTION_REJECT)

    @api.multi
    def _isp_reject(self, reason):
        """Back office: reject the contract, recording why."""
        reason = self._isp_check_reason(reason)
        return self._isp_intake_move(intake_rules.ACTION_REJECT, {
            'isp_reject_reason': reason,
            'isp_rejected_by_id': self.env.uid,
            'isp_date_rejected': fields.Datetime.now(),
        })

    @api.multi
    def action_isp_reset_processing(self):
        """Back office: send the contract back to the agent; the previous
        decisions stay in the chatter."""
        return self._isp_intake_move(intake_rules.ACTION_RESET, {
            'isp_validated_by_id': False,
            'isp_date_validated': False,
            'isp_credit_check_result': False,
            'isp_credit_check_reasons': False,
            'isp_date_credit_check': False,
            'isp_credit_checked_by_id': False,
            'isp_credit_override_reason': False,
            'isp_credit_override_by_id': False,
            'isp_date_credit_override': False,
            'isp_ready_by_id': False,
            'isp_date_ready': False,
            'isp_reject_reason': False,
            'isp_rejected_by_id': False,
            'isp_date_rejected': False,
        })

    @api.model
    def _isp_check_reason(self, reason):
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_("Write the reason of the decision."))
        return reason

    @api.multi
    def _isp_reason_wizard_action(self, action):
        return {
            'type': 'ir.actions.act_window',
            'name': self._isp_intake_action_label(action),
            'res_model': 'isp.intake.reason',
            'view_mode': 'form',
            'target': 'new',
            'context': {
                'default_order_ids': [(6, 0, self.ids)],
                'default_action': action,
            },
        }

    @api.model
    def _isp_credit_check_settings(self):
        """(max overdue days, fiscal id required) from the settings."""
        params = self.env['ir.config_parameter'].sudo()
        try:
            max_days = int(params.get_param(
                'isp_crm.credit_max_overdue_days',
                credit_rules.DEFAULT_MAX_OVERDUE_DAYS))
        except ValueError:
            max_days = credit_rules.DEFAULT_MAX_OVERDUE_DAYS
        require = params.get_param(
            'isp_crm.credit_require_fiscal_id',
            str(credit_rules.DEFAULT_REQUIRE_FISCAL_ID))
        return max(max_days, 0), require not in ('False', '0', '')

    @api.multi
    def _isp_credit_check_unpaid_invoices(self):
        """(number, due date) of the customer's posted unpaid invoices."""
        self.ensure_one()
        # the rule must not depend on which invoices the checking user may
        # read: the caller already checked the user's role
        invoices = self.env['account.invoice'].sudo().search([
            ('commercial_partner_id', '=',
             self.partner_id.commercial_partner_id.id),
            ('company_id', '=', self.company_id.id),
            ('type', '=', 'out_invoice'),
            ('state', '=', 'open'),
        ])
        return [(invoice.number or invoice.display_name,
                 fields.Date.from_string(invoice.date_due))
                for invoice in invoices if invoice.date_due]

    @api.multi
    def _isp_partner_fiscal_id_valid(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if 'isp_fiscal_id' not in partner._fields:
            return False
        kind = partner['isp_fiscal_id_type']
        number = partner['isp_fiscal_id']
        if not kind or not number:
            return False
        return (fiscal_id_rules.is_valid(kind, number)
                and not fiscal_id_rules.is_placeholder(number))

    @api.multi
    def _isp_credit_check_failures(self, date_ref):
        """The translated reasons why the credit check fails on
        ``date_ref`` (a date); empty when it passes."""
        self.ensure_one()
        max_days, require_fiscal_id = self._isp_credit_check_settings()
        failures = credit_rules.failures(
            self._isp_credit_check_unpaid_invoices(), date_ref, max_days,
            require_fiscal_id,
            require_fiscal_id and self._isp_partner_fiscal_id_valid())
        reasons = []
        for code, detail in failures:
            if code == credit_rules.REASON_OVERDUE_INVOICE:
                reasons.append(_(
                    "Invoice %(invoice)s is unpaid %(days)s days after its "
                    "due date (tolerated: %(max)s days).") % {
                        'invoice': detail[0], 'days': detail[1],
                        'max': max_days})
            elif code == credit_rules.REASON_FISCAL_ID:
                reasons.append(_(
                    "The customer has no valid fiscal identity number."))
        return reasons

    @api.multi
    def _isp_check_intake_ready(self):
        """Raise a UserError when an ISP contract is confirmed before its
        intake reached "ready for activation"."""
        for order in self:
            if (order.isp_is_contract
                    and order.isp_intake_state != intake_rules.STATE_READY):
                raise UserError(_(
                    "Contract %(order)s is \"%(state)s\": it can be "
                    "confirmed only when the back office marked it "
                    "\"%(ready)s\".") % {
                        'order': order.name,
                        'state': self._isp_intake_state_label(
                            order.isp_intake_state),
                        'ready': self._isp_intake_state_label(
                            intake_rules.STATE_READY),
                    })
        return True
    # --- end sales network ---------------------------------------------------

    @api.multi
    def action_confirm(self):
        self._isp_check_catalog_rules()
        self._isp_check_intake_ready()
        return super(SaleOrder, self).action_confirm()
