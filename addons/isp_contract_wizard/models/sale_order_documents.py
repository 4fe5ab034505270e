# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.tools import misc
from odoo.addons.isp_esign.rules import sealing

from .isp_contract_service import NUMBER_PORTABILITY

_logger = logging.getLogger(__name__)

# the report the customer signs: every document of the contract
ENVELOPE_REPORT = 'isp_contract_wizard.action_report_isp_contract'


class SaleOrder(models.Model):
    """The contract documents: the data of each service and the
    conditions the contract is signed with."""
    _inherit = 'sale.order'

    isp_service_detail_ids = fields.One2many(
        comodel_name='isp.contract.service', inverse_name='order_id',
        string='Service data', copy=True)
    isp_condition_id = fields.Many2one(
        comodel_name='isp.contract.condition', string='Conditions',
        ondelete='restrict',
        help='The conditions the contract is signed with (printed in the '
             'contract conditions document): by default those of an offer '
             'of the contract, else the general ones.')

    @api.multi
    def _isp_default_condition(self):
        """The conditions of an offer of the order's lines, else the
        company's general conditions."""
        self.ensure_one()
        templates = self.order_line.mapped('product_id.product_tmpl_id')
        return self.env['isp.contract.condition']._find_for(
            templates, self.company_id or self.env.user.company_id)

    @api.onchange('order_line', 'isp_is_contract')
    def _onchange_isp_condition(self):
        if not self.isp_is_contract:
            return
        condition = self._isp_default_condition()
        if condition and (not self.isp_condition_id
                          or condition.product_tmpl_ids):
            self.isp_condition_id = condition

    @api.multi
    def _esign_document_pdf(self):
        """An ISP contract is signed as one envelope: the contract
        conditions, the SEPA mandate, the portability and holder change
        forms, in one PDF, one session, one signature."""
        self.ensure_one()
        if not self.isp_is_contract:
            return super(SaleOrder, self)._esign_document_pdf()
        report = self.env.ref(ENVELOPE_REPORT).sudo()
        # a (content, format) pair; the HTML alone when Odoo 11 renders
        # HTML for a test report directory
        content = report.render_qweb_pdf(self.ids)
        if isinstance(content, tuple):
            content = content[0]
        if isinstance(content, str):
            content = content.encode('utf-8')
        if not content.startswith(b'%PDF'):
            # Odoo renders HTML instead of PDF in test mode
            _logger.info('Report %s gave no PDF: plain text document used',
                         report.report_name)
            content = sealing.text_pdf(
                [[title, self.name] for title in
                 self._isp_document_titles()])
        return content, '%s.pdf' % self._esign_document_name()

    @api.multi
    def _isp_document_titles(self):
        """The titles of the documents in the envelope, in order."""
        self.ensure_one()
        titles = [_('Contract conditions')]
        if self.isp_mandate_id:
            titles.append(_('SEPA Core Direct Debit Mandate'))
        titles.extend(_('Number portability request')
                      for _service in self._isp_document_portabilities())
        titles.extend(_('Holder change request')
                      for _service in self._isp_document_holder_changes())
        return titles

    @api.multi
    def _isp_validate_signed_mandate(self, request):
        """The customer signed the envelope ``request``, the SEPA mandate
        with it: the contract's draft mandate becomes valid, signed on the
        day of the signature."""
        self.ensure_one()
        mandate = self.isp_mandate_id.sudo()
        if not self.isp_is_contract or mandate.state != 'draft' \
                or not request.date_signed:
            return False
        if not mandate.partner_bank_id:
            self.message_post(body=_(
                'The mandate %s has no bank account: it stays in draft. '
                'Attach the bank account and validate it.')
                % mandate.unique_mandate_reference)
            return False
        # the day in the time zone the mandate's own date check uses
        signed = fields.Datetime.context_timestamp(
            mandate, fields.Datetime.from_string(request.date_signed)).date()
        mandate.write({'signature_date': fields.Date.to_string(signed)})
        mandate.validate()
        self.message_post(body=_(
            'Mandate %(mandate)s valid: signed on %(date)s with the '
            'contract (%(request)s).') % {
                'mandate': mandate.unique_mandate_reference,
                'date': self._isp_document_date(signed),
                'request': request.name})
        return True

    @api.model
    def create(self, vals):
        order = super(SaleOrder, self).create(vals)
        if order.isp_is_contract and not order.isp_condition_id:
            condition = order._isp_default_condition()
            if condition:
                order.isp_condition_id = condition
        return order

    # the contract documents (report/isp_contract_report_templates.xml)

    @api.multi
    def _isp_document_lang(self):
        self.ensure_one()
        return self.partner_id.lang or self.env.lang or 'en_US'

    @api.multi
    def _isp_document_date(self, value=None):
        """A date as the customer reads it (their language's format); the
        order's date by default."""
        self.ensure_one()
        if not value:
            value = fields.Datetime.context_timestamp(
                self, fields.Datetime.from_string(self.date_order)).date()
        return misc.format_date(self.env, value,
                                lang_code=self._isp_document_lang())

    @api.multi
    def _isp_document_amount(self, amount):
        """An amount in the order's currency as the customer reads it
        (the language of the context: the documents set the customer's)."""
        self.ensure_one()
        return misc.formatLang(self.env, amount,
                               currency_obj=self.currency_id)

    @api.multi
    def _isp_document_place(self):
        """Where the contract is signed: the city of the company."""
        self.ensure_one()
        company = self.company_id.partner_id
        return company.city or company.name or ''

    @api.model
    def _isp_document_fiscal_id(self, partner):
        """The fiscal id of ``partner`` as its documents show it."""
        partner = partner.commercial_partner_id
        return (partner.isp_fiscal_id if 'isp_fiscal_id' in partner._fields
                else False) or partner.vat or ''

    @api.multi
    def _isp_document_customer_code(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        return ('isp_customer_code' in partner._fields
                and partner.isp_customer_code) or ''

    @api.multi
    def _isp_document_recurring_lines(self):
        """The lines billed every period (services and bundles)."""
        self.ensure_one()
        return self.order_line.filtered(
            lambda line: line._isp_subscription_products())

    @api.multi
    def _isp_document_recurring_total(self):
        """The amount billed every period, taxes included."""
        self.ensure_one()
        return self.currency_id.round(sum(
            self._isp_document_recurring_lines().mapped('price_total')))

    @api.multi
    def _isp_document_commitments(self):
        """[{'line', 'months', 'penalty_type', 'penalty_amount', 'end'}]
        of the lines with a commitment: ``end`` is the latest commitment
        end of their subscriptions (False before the activation)."""
        self.ensure_one()
        penalty_labels = dict(self.env['product.template'].fields_get(
            ['isp_penalty_type'])['isp_penalty_type']['selection'])
        result = []
        for line in self.order_line:
            template = line.product_id.product_tmpl_id
            months = template.isp_commitment_months
            if months <= 0:
                continue
            ends = [date for date in line.isp_subscription_ids.mapped(
                'date_commitment_end') if date]
            result.append({
                'line': line,
                'months': months,
                'penalty_type': template.isp_penalty_type,
                'penalty_label': penalty_labels.get(
                    template.isp_penalty_type, ''),
                'penalty_amount': template.isp_penalty_amount,
                'end': self._isp_document_date(max(ends)) if ends else False,
            })
        return result

    @api.multi
    def _isp_document_portabilities(self):
        self.ensure_one()
        return self.isp_service_detail_ids.filtered(
            lambda service: service.number_mode == NUMBER_PORTABILITY)

    @api.multi
    def _isp_document_holder_changes(self):
        self.ensure_one()
        return self.isp_service_detail_ids.filtered('holder_change')

    @api.multi
    def _isp_document_payment_mode_label(self):
        self.ensure_one()
        return self.isp_payment_mode_id.display_name or ''

    @api.multi
    def _isp_document_billing_mode_label(self):
        self.ensure_one()
        return dict(self.fields_get(['isp_billing_mode'])[
            'isp_billing_mode']['selection']).get(self.isp_billing_mode, '')
