# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The JSON-RPC surface of the suite, audited.

Odoo 11 lets every logged-in user, portal customers included, call every
model method whose name has no leading ``_`` through
``/web/dataset/call_kw``, with any arguments, and checks no right on the call
itself. This test finds those methods by introspection: every function without
a leading underscore that a class of one of our addons contributes to a model
of the registry (walking each model's MRO, so methods a mixin brings to
``sale.order`` count too). Each one must have a decision in ``SURFACE`` below,
with the reason it is safe; a public method added later without one, or a
decision left behind for a method that is gone, makes the test fail.

Each method is then called over real JSON-RPC, as a portal customer and as an
employee without any ISP group, on records of another customer. The answer
must be a refusal (AccessError, UserError, ValidationError, MissingError), or
the call must provably change nothing: a checksum of every table the suite
writes (its own models, the shared models it extends, messages, followers,
attachments, mails, jobs) is taken before and after each call that succeeds.
A server error of any other kind (TypeError, KeyError...) fails the test: the
method crashes where it should refuse.
"""
import base64
import datetime
import inspect
import json
import logging

from odoo import fields, models
from odoo.tests.common import HttpCase, at_install, post_install

from odoo.addons.isp_crm.tests.browser import skip_in_matrix
from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor

_logger = logging.getLogger(__name__)

ISP_MODULE_PREFIX = 'odoo.addons.isp_'

# Refusals: what Odoo answers when a right, a rule or a business check says
# no. Anything else is a crash.
REFUSALS = {
    'odoo.exceptions.AccessError',
    'odoo.exceptions.AccessDenied',
    'odoo.exceptions.UserError',
    'odoo.exceptions.ValidationError',
    'odoo.exceptions.MissingError',
    'odoo.exceptions.except_orm',
    'odoo.exceptions.Warning',
}

REFUSED = 'refused'
# changes are Odoo's own business: an override of a shared model's CRUD that
# only adds checks; Odoo's rights decide what an employee may change
ODOO_RIGHTS = 'odoo rights'

# Every public method our addons put on a model, and why it is safe, under
# the addon that brings it (the lowest one when several do: an addon is
# tested installed alone with its dependencies, by the install matrix). The
# first element is what the test expects for a portal customer and an
# employee without ISP group on records that are not theirs: REFUSED (or no
# change), or ODOO_RIGHTS (the employee may change what Odoo lets employees
# change; the portal customer is still refused).
SURFACE = {
    'isp_crm': {
        ('res.partner', 'create'): (
            ODOO_RIGHTS, 'adds the ISP checks (fiscal id, customer code) to '
                         "Odoo's create; Odoo's rights on partners decide who"
                         ' creates'),
        ('res.partner', 'write'): (
            ODOO_RIGHTS, "adds the ISP checks to Odoo's write; Odoo's rights "
                         'decide'),
        ('res.partner', 'unlink'): (
            REFUSED, 'checks unlink rights and rules before listing what '
                     'blocks the deletion as superuser'),
        ('res.partner', 'action_isp_make_customer'): (
            REFUSED, 'button: checks write rights and rules first'),
        ('res.partner.bank', 'create'): (
            ODOO_RIGHTS, "adds the IBAN/BIC checks; Odoo's rights on bank "
                         'accounts decide'),
        ('res.partner.bank', 'write'): (
            ODOO_RIGHTS, "adds the IBAN/BIC checks; Odoo's rights decide"),
        ('sale.order', 'create'): (
            REFUSED, "Odoo's rights: sales users only"),
        ('sale.order', 'write'): (
            REFUSED, "Odoo's rights: sales users only; cancels a pending "
                     'signature request when the signed data changes'),
        ('sale.order', 'unlink'): (
            REFUSED, "Odoo's rights: sales users only"),
        ('sale.order', 'action_isp_apply_bundle'): (
            REFUSED, 'button: writes the order as the caller'),
        ('sale.order', 'action_isp_apply_campaign'): (
            REFUSED, 'button: writes the order as the caller'),
        ('sale.order', 'action_isp_validate'): (
            REFUSED, 'intake button: back-office role checked first'),
        ('sale.order', 'action_isp_credit_check'): (
            REFUSED, 'intake button: back-office role checked first; the date'
                     ' is always today'),
        ('sale.order', 'action_isp_credit_override'): (
            REFUSED, 'intake button: manager role checked first'),
        ('sale.order', 'action_isp_mark_ready'): (
            REFUSED, 'intake button: back-office role checked first'),
        ('sale.order', 'action_isp_reject'): (
            REFUSED, 'intake button: back-office role checked first'),
        ('sale.order', 'action_isp_reset_processing'): (
            REFUSED, 'intake button: back-office role checked first'),
        ('isp.crm.activity', 'create'): (
            REFUSED, 'ISP users only (access rights)'),
        ('isp.crm.activity', 'write'): (
            REFUSED, 'ISP users only; agents only their own (record rule)'),
        ('isp.crm.activity', 'action_assign'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.crm.activity', 'action_done'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.crm.activity', 'action_cancel'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.crm.activity', 'action_reopen'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.intake.reason', 'action_confirm'): (
            REFUSED, 'wizard: the intake step it confirms checks the role'),
        ('isp.commission.settlement.xlsx', 'action_export'): (
            REFUSED, 'wizard: back office only'),
        ('sale.order', 'action_confirm'): (
            REFUSED, 'checks write rights and rules before the ISP checks'),
        ('res.config.settings', 'get_values'): (
            REFUSED, 'reads the settings; changes nothing'),
        ('res.config.settings', 'set_values'): (
            REFUSED, 'settings group checked first (every addon that '
                     'overrides it)'),
    },
    'isp_billing': {
        ('sale.order', 'action_invoice_create'): (
            REFUSED, "Odoo's method behind the invoicing wizard: Odoo's "
                     'rights decide (sales users); the suite only refuses '
                     'contracts that the billing runs invoice'),
        ('account.invoice', 'invoice_validate'): (
            REFUSED, "Odoo's rights on invoices: invoicing users only"),
        ('account.invoice', 'action_isp_send_invoice'): (
            REFUSED, 'button: checks write rights and rules before sending as'
                     ' superuser'),
        ('account.invoice', 'message_receive_bounce'): (
            REFUSED, "Odoo's public mail.thread method: outside the mail "
                     "gateway's routing it does only what Odoo does (nothing "
                     'on an invoice); the delivery log is marked only by the '
                     'gateway'),
        ('sale.order', 'action_isp_view_subscriptions'): (
            REFUSED, 'returns an action after checking read rights; changes '
                     'nothing'),
        ('isp.subscription', 'create'): (
            REFUSED, 'billing users only (access rights)'),
        ('isp.payment.promise', 'create'): (
            REFUSED, "billing users only (access rights); Odoo's create "
                     'after the promise rules (date, overdue invoices, one '
                     'active, cooldown)'),
        ('isp.payment.promise', 'action_cancel'): (
            REFUSED, 'button: writes as the caller; billing users only '
                     '(access rights)'),
        ('isp.payment.promise.wizard', 'action_confirm'): (
            REFUSED, 'wizard: billing users only; creates the promise as '
                     'the caller, through its rules'),
        ('isp.soap.connector', 'action_test_connection'): (
            REFUSED, 'button: billing managers and administrators only '
                     '(checked first, with write rights and rules); calls '
                     'the external system, changes only the test result'),
        ('isp.soap.connector', 'action_view_calls'): (
            REFUSED, 'button: billing managers and administrators only; '
                     'returns a window action'),
        ('isp.soap.call', 'action_retry'): (
            REFUSED, 'button: billing managers and administrators only '
                     '(checked first, with write rights and rules); queues '
                     'the call again with its idempotency key'),
        ('isp.soap.call', 'action_open_record'): (
            REFUSED, 'button: checks read rights and rules, then returns '
                     'a window action on the call\'s record'),
        ('isp.subscription', 'action_isp_view_soap_calls'): (
            REFUSED, 'stat button: checks read rights and rules, returns a '
                     'window action; changes nothing'),
        ('sale.order', 'action_isp_view_soap_calls'): (
            REFUSED, 'stat button: checks read rights and rules, returns a '
                     'window action; changes nothing'),
        ('res.partner', 'action_isp_view_soap_calls'): (
            REFUSED, 'stat button: checks read rights and rules, returns a '
                     'window action; changes nothing'),
        ('isp.network.event', 'action_send_again'): (
            REFUSED, 'button: billing users only (access rights and rules '
                     'checked); queues the webhook call again'),
        ('isp.subscription', 'action_isp_reconnect_wizard'): (
            REFUSED, 'button: checks write rights and rules, then only '
                     'returns a window action'),
        ('res.partner', 'action_isp_dunning_suspended'): (
            REFUSED, 'stat button: returns a window action, changes '
                     'nothing'),
        ('credit.control.run', 'action_isp_process_lines'): (
            REFUSED, 'button: billing users only, checks write rights and '
                     'rules on the run before sending as superuser'),
        ('isp.reconnect.wizard', 'action_reconnect'): (
            REFUSED, 'wizard: billing users only, write rights and rules on '
                     'the subscriptions checked, a reason required'),
        ('account.invoice', 'action_invoice_paid'): (
            REFUSED, "Odoo's own: refuses an invoice that is not "
                     'reconciled; ours only queue a job that reads the '
                     'database again (reconnection, promise kept)'),
        ('isp.subscription', 'action_activate'): (
            REFUSED, 'button: writes as the caller; the date is always today'),
        ('isp.subscription', 'action_activate_nonbillable'): (
            REFUSED, 'button: writes as the caller; the date is always today'),
        ('isp.subscription', 'action_suspend'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.subscription', 'action_reject'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.subscription', 'action_terminate'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.subscription', 'action_view_consumption'): (
            REFUSED, 'returns an action after checking read rights; changes '
                     'nothing'),
        ('isp.billing.run', 'unlink'): (
            REFUSED, 'billing managers only (access rights)'),
        ('isp.billing.run', 'action_start'): (
            REFUSED, 'button: checks write rights and rules first'),
        ('isp.billing.run', 'action_check_done'): (
            REFUSED, 'button: checks write rights and rules first'),
        ('isp.billing.run', 'action_dry_run'): (
            REFUSED, 'button: checks write rights and rules first'),
        ('isp.billing.run', 'action_post_invoices'): (
            REFUSED, 'button: checks write rights and rules first'),
        ('isp.billing.run', 'action_view_invoices'): (
            REFUSED, 'returns an action after checking read rights'),
        ('isp.billing.run', 'action_create_debit_orders'): (
            REFUSED, 'button: checks write rights and rules on the run '
                     'first; the orders are made with the caller\'s rights '
                     'on payment orders (payment managers)'),
        ('isp.billing.run', 'action_view_debit_orders'): (
            REFUSED, 'returns an action after checking read rights; changes '
                     'nothing'),
        ('isp.billing.run', 'action_view_debit_exclusions'): (
            REFUSED, 'returns an action after checking read rights; changes '
                     'nothing'),
        ('account.payment.order', 'draft2open'): (
            REFUSED, "OCA's Confirm button, dated on TARGET2 business days: "
                     'payment orders are for payment managers only (OCA '
                     'access rights)'),
        ('account.payment.order', 'generate_payment_file'): (
            REFUSED, "OCA's Generate file button: checks write rights and "
                     'rules on the order and read rights on its lines, bank '
                     'accounts and mandates before reading them; payment '
                     'managers only'),
        ('account.payment.line', 'write'): (
            REFUSED, "Odoo's write; the collection date replaces OCA's date "
                     'only under the context the order\'s Confirm sets; '
                     'payment managers only (OCA access rights)'),
        ('payment.return', 'action_confirm'): (
            REFUSED, "OCA's Confirm button: invoicing users only (OCA access "
                     'rights), and it refuses who may not undo '
                     'reconciliations before changing anything'),
        ('payment.return', 'action_cancel'): (
            REFUSED, "OCA's Cancel button: invoicing users only (OCA access "
                     'rights); it refuses who may not undo reconciliations '
                     'and an invoice already debited again before changing '
                     'anything'),
        ('isp.subscription.charge', 'action_cancel'): (
            REFUSED, 'button: writes as the caller; billing users only '
                     '(access rights), a billed charge is refused'),
        ('isp.subscription.charge', 'write'): (
            REFUSED, "Odoo's write plus a check; billing users only (access "
                     'rights)'),
        ('isp.subscription.charge', 'unlink'): (
            REFUSED, "Odoo's unlink plus a check; billing managers only "
                     '(access rights)'),
        ('payment.return', 'button_match'): (
            REFUSED, "OCA's Match button: invoicing users only (OCA access "
                     'rights); it only links the lines to the debits'),
        ('isp.migration', 'create'): (
            REFUSED, 'billing users only (access rights)'),
        ('isp.migration', 'unlink'): (
            REFUSED, 'billing users only (access rights)'),
        ('isp.migration', 'action_preview'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.migration', 'action_confirm'): (
            REFUSED, 'button: writes as the caller; the date is always today'),
        ('isp.migration', 'action_cancel'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.migration', 'action_draft'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.meter', 'create'): (
            REFUSED, 'billing users only (access rights)'),
        ('isp.meter', 'unlink'): (
            REFUSED, 'billing users only (access rights)'),
        ('isp.meter', 'action_replace'): (
            REFUSED, 'button: writes as the caller'),
        ('isp.meter.reading', 'create'): (
            REFUSED, 'billing users only (access rights)'),
        ('isp.meter.reading', 'write'): (
            REFUSED, 'billing users only (access rights)'),
        ('isp.meter.reading', 'unlink'): (
            REFUSED, 'billing users only (access rights)'),
        ('isp.meter.reading', 'name_get'): (
            REFUSED, 'reads as the caller; changes nothing'),
        ('isp.contract.bank.wizard', 'default_get'): (
            REFUSED, 'reads the contract as the caller; returns defaults, '
                     'changes nothing'),
        ('isp.contract.bank.wizard', 'action_apply'): (
            REFUSED, 'wizard: writes the contract and its subscriptions as '
                     'the caller'),
        ('isp.mass.credit.wizard', 'action_create_credit_notes'): (
            REFUSED, 'wizard: billing users only'),
        ('isp.receivable.aging.wizard', 'action_export'): (
            REFUSED, 'wizard: billing users only; returns a report action'),
    },
    'isp_esign': {
        ('res.config.settings', 'create'): (
            REFUSED, "writes the company's signing settings as the caller: "
                     "Odoo's rights on companies decide"),
        ('isp.esign.request', 'create'): (
            REFUSED, 'signing users only; needs write access to the record to'
                     ' sign, of a model that uses the signing mixin'),
        ('isp.esign.request', 'write'): (
            REFUSED, 'signing users only; what is signed is frozen once sent'),
        ('isp.esign.request', 'unlink'): (
            REFUSED, 'signing users only; never once there is evidence'),
        ('isp.esign.request', 'action_send'): (
            REFUSED, 'button: checks write rights and rules first'),
        ('isp.esign.request', 'action_sign_now'): (
            REFUSED, 'button: checks write rights and rules first; the '
                     'in-store signer is the session user of '
                     '/sign/<token>/store'),
        ('isp.esign.request', 'action_cancel'): (
            REFUSED, 'button: checks write rights and rules first'),
        ('isp.esign.request', 'action_verify'): (
            REFUSED, 'button: checks write rights and rules first'),
        ('isp.esign.request', 'action_open_document'): (
            REFUSED, 'returns an action after checking read rights'),
        ('isp.esign.event', 'create'): (
            REFUSED, 'nobody has create rights: the signing flow writes '
                     'events as superuser'),
        ('isp.esign.event', 'write'): (
            REFUSED, 'always refused: append-only'),
        ('isp.esign.event', 'unlink'): (
            REFUSED, 'always refused: append-only'),
        ('isp.sms.gateway', 'send_sms'): (
            REFUSED, 'kept for callers of the old name: superuser only'),
        ('res.config.settings', 'set_values'): (
            REFUSED, 'settings group checked first (every addon that '
                     'overrides it)'),
    },
    'isp_contract_wizard': {
        ('isp.contract.service', 'create'): (
            REFUSED, "checks create rights first, then Odoo's create; refuses "
                     'a contract sent for signature or signed, and cancels a '
                     'pending signature request when the data change'),
        ('isp.contract.service', 'write'): (
            REFUSED, "checks write rights first, then Odoo's write; refuses "
                     'a contract sent for signature or signed'),
        ('isp.contract.service', 'unlink'): (
            REFUSED, "checks unlink rights first, then Odoo's unlink; "
                     'refuses a contract sent for signature or signed'),
        ('sale.order', 'action_esign_request'): (
            REFUSED, 'needs write access to the order and create access to '
                     'signing requests'),
        ('sale.order', 'action_esign_open_requests'): (
            REFUSED, 'returns an action after checking read rights'),
        ('isp.contract.wizard', 'action_create_contract'): (
            REFUSED, 'wizard: ISP users only, on their own wizard; every '
                     'step checked again, all or nothing'),
        ('isp.contract.wizard', 'action_next'): (
            REFUSED, "wizard: ISP users only, on their own wizard; checks "
                     'the step, writes only the wizard'),
        ('isp.contract.wizard', 'action_back'): (
            REFUSED, 'wizard: ISP users only, on their own wizard; writes '
                     'only the wizard'),
        ('isp.contract.wizard', 'action_go_to_step'): (
            REFUSED, 'wizard: ISP users only, on their own wizard; the step '
                     'from the context is one of the list, the steps on the '
                     'way are checked'),
        ('isp.contract.wizard', 'action_sign_now'): (
            REFUSED, 'wizard: ISP users only, on their own wizard, once the '
                     "contract exists; then the order's action_esign_request "
                     "(write rights) and the request's own checks"),
        ('isp.contract.wizard', 'action_send_for_signature'): (
            REFUSED, 'wizard: ISP users only, on their own wizard, once the '
                     "contract exists; then the order's action_esign_request "
                     '(write rights)'),
        ('isp.contract.wizard', 'action_print'): (
            REFUSED, 'wizard: ISP users only, on their own wizard; checks '
                     'read rights and rules on the order, returns a report '
                     'action'),
        ('isp.contract.wizard', 'action_open_contract'): (
            REFUSED, 'wizard: ISP users only, on their own wizard; returns '
                     'a window action'),
        ('sale.order.line', 'create'): (
            REFUSED, "checks create rights first, then Odoo's create; cancels"
                     ' a pending signature request when the signed data '
                     'changes'),
        ('sale.order.line', 'write'): (
            REFUSED, "Odoo's rights: sales users only"),
        ('sale.order.line', 'unlink'): (
            REFUSED, "Odoo's rights: sales users only"),
    },
    'isp_portal': {
        ('account.banking.mandate', 'action_esign_request'): (
            REFUSED, "isp_esign's mixin: needs write access to the mandate "
                     'and create access to signing requests'),
        ('account.banking.mandate', 'action_esign_open_requests'): (
            REFUSED, "isp_esign's mixin: returns an action after checking "
                     'read rights and rules on the mandate'),
        ('isp.portal.request', 'action_apply'): (
            REFUSED, 'button: write rights and rules first (back office '
                     'only), and only a request still open; then applies '
                     'the payload the portal built after its own checks'),
        ('isp.portal.request', 'action_refuse'): (
            REFUSED, 'button: write rights and rules first (back office '
                     'only), and only a request still open'),
        ('payment.transaction', 'write'): (
            ODOO_RIGHTS, "Odoo's rights decide; a portal payment is "
                         'confirmed (state done) only by the acquirer as '
                         'superuser or by accounting staff, else AccessError'),
    },
    'isp_helpdesk': {
        ('helpdesk.ticket', 'create'): (
            REFUSED, 'portal tickets are created by the portal route; the '
                     'access rights refuse portal users and employees without'
                     ' a helpdesk group'),
        ('helpdesk.ticket', 'write'): (
            REFUSED, 'portal users read only; employees without a helpdesk '
                     'group have no access'),
        ('helpdesk.ticket', 'send_user_mail'): (
            REFUSED, "helpdesk_mgmt's public method: checks write rights and "
                     'rules first'),
        ('helpdesk.ticket', 'message_post'): (
            REFUSED, 'a portal user posts only text and photos as himself on '
                     'his own open ticket, within the daily cap; employees '
                     'need the mail rights on the ticket'),
        ('res.config.settings', 'action_isp_helpdesk_origin_defaults'): (
            REFUSED, 'settings group checked first'),
    },
}


# Arguments for the parameters of public methods, by name: what an attacker
# would send. A required parameter missing here makes the test fail.
TINY_PNG = base64.b64decode(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEA'
    'HnOdVgAAAABJRU5ErkJggg==')


def _argument_values(fixtures):
    partner = fixtures['partner_b']
    return {
        'vals': {},
        'values': {},
        'fields_list': [],
        'date': '2026-12-01',
        'date_ref': '2026-12-01',
        'email': 'mallory@evil.example',
        'partner': partner.id,
        'mail_id': False,
        'bank_account': fixtures['bank_b'].id,
        'mandate': False,
        'signer_name': 'Mallory',
        'signature_png': 'data:image/png;base64,'
                         + base64.b64encode(TINY_PNG).decode(),
        'consent': True,
        'code': '000000',
        'mobile': '+34600000000',
        'text': 'Mallory was here',
        'body': 'Mallory was here',
        'category_id': fixtures['category_id'],
        'description': 'Mallory was here',
        # optional parameters an attacker fills in
        'ip': '6.6.6.6',
        'user_agent': 'evil',
        'in_store_user': 1,
        'channel': 'email',
        'stage_id': fixtures['closed_stage_id'],
        'images': [],
    }


def public_surface(registry):
    """{(model, method): function} of the public methods our addons define
    on the concrete models of the registry."""
    found = {}
    for model_name in sorted(registry.models):
        cls = registry[model_name]
        if cls._abstract:
            # no records to call a method on; what a mixin brings is found
            # on the concrete models that inherit it
            continue
        for klass in cls.__mro__:
            if not (getattr(klass, '__module__', None) or '').startswith(
                    ISP_MODULE_PREFIX):
                continue
            for name, value in vars(klass).items():
                if name.startswith('_') or not inspect.isfunction(value):
                    continue
                found.setdefault((model_name, name),
                                 getattr(cls, name))
    return found


def report_models(registry):
    """{report model: model of its records} of the reports our addons
    define: abstract models (no records), so ``public_surface`` does not
    see them, but their methods are reachable over RPC like any other."""
    found = {}
    for model_name in sorted(registry.models):
        cls = registry[model_name]
        if not (cls._abstract and model_name.startswith('report.')):
            continue
        if not any((getattr(klass, '__module__', None) or '').startswith(
                ISP_MODULE_PREFIX) for klass in cls.__mro__):
            continue
        found[model_name] = None
    return found


def written_tables(registry):
    """Tables whose content the suite's methods may change."""
    tables = {'mail_message', 'mail_followers', 'ir_attachment', 'mail_mail',
              'mail_tracking_value', 'queue_job', 'account_move',
              'account_move_line', 'res_users', 'sms_log'}
    for model_name in registry.models:
        cls = registry[model_name]
        if cls._abstract or cls._transient or not cls._auto:
            continue
        if any((getattr(klass, '__module__', None) or '').startswith(
                ISP_MODULE_PREFIX) for klass in cls.__mro__):
            tables.add(cls._table)
            for field in cls._fields.values():
                if field.type == 'many2many' and field.store and \
                        getattr(field, 'relation', None):
                    tables.add(field.relation)
    return tables


@at_install(False)
@post_install(True)
class TestRpcSurface(HttpCase):

    def setUp(self):
        # every public method of the installed addons: the full run covers
        # them all
        skip_in_matrix(self, 'the RPC surface of every addon')
        super(TestRpcSurface, self).setUp()
        self.env = self.env(cr=self.registry.test_cr)
        self.fixtures = self._build_fixtures()
        self.registry.test_cr.commit()

    # fixtures ----------------------------------------------------------

    def _user(self, login, groups):
        return self.env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True).create({
                'name': login.replace('_', ' ').title(),
                'login': login,
                'password': login,
                'email': '%s@example.com' % login,
                'groups_id': [(6, 0, [self.env.ref(g).id for g in groups])],
            })

    def _build_fixtures(self):
        env = self.env
        fixtures = {}
        fixtures['portal'] = self._user('rpc_portal_a', ['base.group_portal'])
        fixtures['employee'] = self._user('rpc_employee', ['base.group_user'])
        partner_b = env['res.partner'].create({
            'name': 'Bea Victim', 'customer': True,
            'email': 'bea@example.com', 'mobile': '+34600999888'})
        fixtures['partner_b'] = partner_b
        fixtures['bank_b'] = env['res.partner.bank'].create({
            'partner_id': partner_b.id,
            'acc_number': 'ES4721009999161234567890'})
        product = env['product.product'].create({
            'name': 'RPC Fibre 600 Mb', 'type': 'service',
            'list_price': 30.0})
        order = env['sale.order'].create({
            'partner_id': partner_b.id,
            'isp_is_contract': True,
            'order_line': [(0, 0, {
                'product_id': product.id, 'name': product.name,
                'product_uom_qty': 1, 'product_uom': product.uom_id.id,
                'price_unit': 30.0})],
        })
        fixtures['sale.order'] = order
        fixtures['isp.subscription'] = env['isp.subscription'].create({
            'partner_id': partner_b.id, 'product_id': product.id,
            'price_unit': 30.0})
        account = env['account.account'].search(
            [('user_type_id.type', '=', 'receivable')], limit=1)
        fixtures['account.invoice'] = env['account.invoice'].create({
            'partner_id': partner_b.id,
            'account_id': account.id,
            'type': 'out_invoice',
        })
        ticket = env['helpdesk.ticket'].create({
            'name': 'Bea cannot browse',
            'description': 'Bea private description',
            'partner_id': partner_b.id,
        })
        fixtures['helpdesk.ticket'] = ticket
        fixtures['category_id'] = env['helpdesk.ticket.category'].search(
            [], limit=1).id
        fixtures['closed_stage_id'] = env['helpdesk.ticket.stage'].search(
            [('closed', '=', True)], limit=1).id
        fixtures['res.partner'] = partner_b
        fixtures['res.partner.bank'] = fixtures['bank_b']
        if 'isp.payment.promise' in env:
            # B promises to pay an overdue invoice
            income = env['account.account'].search(
                [('user_type_id.type', '=', 'other')], limit=1)
            overdue = env['account.invoice'].create({
                'partner_id': partner_b.id, 'type': 'out_invoice',
                'account_id': account.id,
                'invoice_line_ids': [(0, 0, {
                    'name': 'Fibre', 'quantity': 1, 'price_unit': 30.0,
                    'account_id': income.id})]})
            overdue.action_invoice_open()
            overdue.date_due = '2026-01-05'
            fixtures['isp.payment.promise'] = env[
                'isp.payment.promise'].create({
                    'partner_id': partner_b.id,
                    'date_promised': fields.Date.to_string(
                        fields.Date.from_string(fields.Date.context_today(
                            partner_b)) + datetime.timedelta(days=3))})
        if 'isp.contract.service' in env:
            # on a second contract of B, not sent for signature
            draft = env['sale.order'].create({
                'partner_id': partner_b.id, 'isp_is_contract': True})
            fixtures['isp.contract.service'] = env[
                'isp.contract.service'].create({
                    'order_id': draft.id, 'product_id': product.id,
                    'name': product.name})
        from odoo.addons.isp_esign.rules import sealing
        # B's contract when contracts are signed (isp_contract_wizard is
        # installed), else a standalone document
        signed_record = {}
        if isinstance(env['sale.order'], env.registry['isp.esign.mixin']):
            signed_record = {'res_model': 'sale.order', 'res_id': order.id}
        request = env['isp.esign.request'].create(dict(signed_record, **{
            'partner_id': partner_b.id,
            'channel': 'email',
            'document_pdf': base64.b64encode(
                sealing.text_pdf([['Contract of Bea']])),
            'document_filename': 'Contract.pdf',
        }))
        request.action_send()
        fixtures['isp.esign.request'] = request
        return fixtures

    def _target(self, model_name, caller=None):
        """A record of ``model_name`` that is not the caller's: a fixture,
        else the newest existing record, else one made with the required
        fields filled. A wizard (transient model) is made for the caller:
        anybody may create one, with the values of their choice."""
        record = self.fixtures.get(model_name)
        if record is not None:
            return record
        model = self.env[model_name].sudo()
        if not model._transient:
            record = model.search([], limit=1, order='id desc')
            if record:
                return record
        record = model.create(self._required_values(model))
        if model._transient and caller:
            self.registry.test_cr.execute(
                'UPDATE "{}" SET create_uid=%s WHERE id=%s'.format(
                    model._table), (caller.id, record.id))
        return record

    def _required_values(self, model):
        values = model.default_get(list(model._fields))
        for name, field in model._fields.items():
            if not field.required or values.get(name) or not field.store \
                    or name in models.MAGIC_COLUMNS:
                continue
            if field.type == 'many2one':
                values[name] = self._target(field.comodel_name).id
            elif field.type == 'selection':
                selection = field.selection
                if callable(selection) or isinstance(selection, str):
                    selection = field._description_selection(self.env)
                values[name] = selection[0][0]
            elif field.type in ('char', 'text', 'html'):
                # an address where a URL is checked (e.g. a WSDL's)
                values[name] = 'http://127.0.0.1:9/rpc-surface' \
                    if 'url' in name else 'RPC surface'
            elif field.type in ('integer', 'float', 'monetary'):
                values[name] = 1
            elif field.type == 'date':
                values[name] = '2026-12-01'
            elif field.type == 'datetime':
                values[name] = '2026-12-01 10:00:00'
            elif field.type == 'boolean':
                values[name] = True
        return values

    # calls -------------------------------------------------------------

    def _login(self, user):
        authenticate_on_test_cursor(self, user.login, user.login)

    def _call(self, model, method, args, kwargs):
        answer = self.opener.post(
            'http://127.0.0.1:%s/web/dataset/call_kw/%s/%s'
            % (self._port(), model, method),
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call', 'id': 1,
                             'params': {'model': model, 'method': method,
                                        'args': args, 'kwargs': kwargs}}),
            headers={'Content-Type': 'application/json'}, timeout=60)
        self.assertEqual(answer.status_code, 200, answer.text[:500])
        return answer.json()

    @staticmethod
    def _port():
        from odoo.tools import config
        return config['http_port']

    def _checksum(self, tables):
        cr = self.registry.test_cr
        parts = []
        for table in sorted(tables):
            cr.execute("SELECT to_regclass(%s)", (table,))
            if not cr.fetchone()[0]:
                continue
            cr.execute('SELECT md5(coalesce(string_agg(t::text, %s '
                       'ORDER BY t::text), %s)) FROM "{}" t'.format(table),
                       ('|', ''))
            parts.append((table, cr.fetchone()[0]))
        return dict(parts)

    def _arguments(self, function, model_name, method, values):
        signature = inspect.signature(function)
        args, kwargs = [], {}
        for name, param in list(signature.parameters.items())[1:]:
            if param.kind == param.VAR_POSITIONAL:
                continue
            if param.kind == param.VAR_KEYWORD:
                if method == 'message_post':
                    kwargs.update({
                        'body': 'Mallory was here',
                        'message_type': 'comment',
                        'subtype': 'mail.mt_comment',
                        'email_from': 'CEO <ceo@isp.example>'})
                continue
            if param.default is not param.empty:
                # an optional parameter is sent too when an attacker has
                # something to put in it
                if name in values:
                    kwargs[name] = values[name]
                continue
            self.assertIn(
                name, values, '%s.%s: no argument value for the parameter '
                '"%s": add one to _argument_values' % (
                    model_name, method, name))
            args.append(values[name])
        return args, kwargs

    def _decisions(self):
        """The decisions of the installed addons."""
        installed = self.env['ir.module.module'].sudo().search([
            ('name', 'in', list(SURFACE)), ('state', '=', 'installed')])
        decisions = {}
        for addon in installed.mapped('name'):
            decisions.update(SURFACE[addon])
        return decisions

    def test_every_public_method_is_decided(self):
        surface = set(public_surface(self.registry))
        decisions = self._decisions()
        undecided = sorted(surface - set(decisions))
        stale = sorted(set(decisions) - surface)
        if undecided:
            self.fail('public methods without a decision in SURFACE (make '
                      'them private, or say why they are safe): %s'
                      % undecided)
        if stale:
            self.fail('decisions for methods that are no longer public: %s'
                      % stale)

    def test_report_models_refuse_another_customers_records(self):
        """A customer asks each report of our addons, over RPC, for the
        data or the file of another customer's records (or of records he
        may not see at all): refused, nothing rendered."""
        env = self.env
        reports = report_models(self.registry)
        self.assertIn('report.isp_portal.portal_statement_xlsx', reports)
        self.assertIn('report.isp_billing.billing_run_xlsx', reports)
        Action = env['ir.actions.report'].sudo()
        victim = self.fixtures['partner_b']
        self._login(self.fixtures['portal'])
        problems = []
        for report in reports:
            action = Action.search(
                [('report_name', '=', report[len('report.'):])], limit=1)
            if not action:
                # a base of other reports (e.g. isp_billing.xlsx_common):
                # renders nothing of its own (NotImplementedError)
                continue
            model = action.model
            records = env[model].sudo().search([], limit=3)
            if model == 'res.partner':
                records = victim
            context = {'active_model': model, 'active_ids': records.ids}
            calls = []
            cls = self.registry[report]
            if hasattr(cls, 'create_xlsx_report'):
                calls.append(('create_xlsx_report',
                              [[], records.ids, {}]))
            if hasattr(cls, 'get_report_values'):
                calls.append(('get_report_values', [[], records.ids]))
            for method, args in calls:
                answer = self._call(report, method, args,
                                    {'context': context})
                name = (answer.get('error') or {}).get(
                    'data', {}).get('name')
                if name not in REFUSALS:
                    problems.append('%s.%s on %s %s: %s' % (
                        report, method, model, records.ids,
                        name or 'answered %r' % str(
                            answer.get('result'))[:80]))
        if problems:
            self.fail('\n'.join(problems))

    def test_public_methods_refuse_or_change_nothing(self):
        surface = public_surface(self.registry)
        tables = written_tables(self.registry)
        values = _argument_values(self.fixtures)
        decisions = self._decisions()
        problems = []
        for user_key in ('portal', 'employee'):
            user = self.fixtures[user_key]
            self._login(user)
            for (model_name, method), function in sorted(surface.items()):
                expected = decisions.get((model_name, method),
                                         (REFUSED, ''))[0]
                target = self._target(model_name, caller=user)
                args, kwargs = self._arguments(
                    function, model_name, method, values)
                if getattr(function, '_api', None) not in ('model',):
                    args = [target.ids] + args
                checksum = self._checksum(tables)
                answer = self._call(model_name, method, args, kwargs)
                if 'error' in answer:
                    name = answer['error']['data'].get('name')
                    if name not in REFUSALS:
                        problems.append('%s %s.%s crashed: %s: %s' % (
                            user_key, model_name, method, name,
                            answer['error']['data'].get('message')))
                    continue
                # a refused call is rolled back: only an accepted one may
                # have changed something
                after = self._checksum(tables)
                changed = sorted(t for t in after if after[t] != checksum[t])
                if changed and not (expected == ODOO_RIGHTS
                                    and user_key == 'employee'):
                    problems.append('%s %s.%s was not refused and changed %s'
                                    % (user_key, model_name, method,
                                       ', '.join(changed)))
        if problems:
            self.fail('\n'.join(problems))
