# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Post many customer invoices at once.

``post_invoices(invoices, on_failure)`` leaves in the database what
``invoice.action_invoice_open()`` leaves for each draft invoice, with a few
queries per batch instead of about 300 per invoice:

- Odoo's own hooks build the journal entry of each invoice, so that their
  overrides apply (``invoice_line_move_line_get``, ``tax_line_move_line_get``,
  ``compute_invoice_totals``, the payment terms' ``compute``,
  ``line_get_convert`` with the payment mode and mandate of
  account_payment_partner and account_banking_mandate, ``group_lines``,
  ``finalize_invoice_move_lines``);
- the due date of ``action_date_assign``, and the invoice date when missing;
- the numbers: an invoice that carries one (``move_name``, reserved when
  the billing run's posting is started, ``reserve_invoice_numbers``) is
  posted with it, as Odoo's ``account.move.post()`` does, and the sequence
  is not touched; for the others the journal's sequence (or its range of
  the entry's date) is locked once per batch and ``count`` numbers are
  reserved with one ``UPDATE`` (one ``nextval`` per number for a standard
  sequence), in the order of the entries' dates;
- the entries and their items are inserted in bulk (``bulk_create``),
  posted and named; then Odoo's ``_post_validate`` (companies, balance,
  lock date) and ``create_analytic_lines`` run on them;
- the invoices get ``move_id``, ``date`` and ``move_name`` (what depends on
  them is recomputed: number, residual...) and Odoo's ``invoice_validate()``
  runs on the whole batch (its overrides: the customer as follower, the
  tracking message, sale_commission's settlements, the e-mail delivery of
  isp_billing...).

An invoice goes through Odoo's ``action_invoice_open()`` instead (one by
one, each in a savepoint) when the fast path does not do what Odoo would
(``fallback_reason``): another currency than the company's, cash rounding,
not a customer invoice, an entry kept from a previous validation, an
account with a secondary currency, a total of zero (paid at once); or
when its entry cannot be built or checked (Odoo then raises the error the
user must see). Every invoice
does when a module outside ``KNOWN_MODULES`` overrides one of the methods
the fast path does not call (``BYPASSED_METHODS``). Should the batch fail
as a whole, its savepoint is rolled back (no new number is used) and its
invoices are posted one by one by Odoo (with their reserved number).

A test (``test_bulk_post``) compares every column of the invoices, entries
and items of both paths.
"""
import logging
from collections import OrderedDict

import psycopg2

from odoo import fields
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import float_compare

from ..rules import bulk_safety
from .bulk_create import BulkCreate, bulk_create

_logger = logging.getLogger(__name__)

# the methods of Odoo's posting that the fast path does not call (it does
# what they do); the hooks it calls are not listed: their overrides apply
BYPASSED_METHODS = OrderedDict([
    ('account.invoice', ('action_invoice_open', 'action_date_assign',
                         '_onchange_payment_term_date_invoice',
                         'action_move_create', 'write', '_write')),
    ('account.move', ('create', 'post', 'write', '_write')),
    ('account.move.line', ('create', '_write')),
    ('ir.sequence', ('next_by_id', '_next', '_next_do')),
    ('ir.sequence.date_range', ('_next',)),
])
# the modules whose overrides of those methods the fast path does
KNOWN_MODULES = frozenset(['odoo', 'base', 'mail', 'account'])
# the tracking message of the posting (state: Draft -> Open) is inserted
# in bulk when ``invoice_validate()`` and the methods of mail that post it
# are overridden by these modules only (they track nothing else) and no
# follower of the invoice listens to the message's subtype (nobody to
# notify); else ``invoice_validate()`` posts it as usual
TRACKING_METHODS = OrderedDict([
    ('account.invoice', ('invoice_validate', 'message_post',
                         '_message_post_after_hook', 'message_track',
                         '_message_track_get_changes',
                         'message_get_message_notify_values',
                         'message_get_reply_to')),
    ('mail.message', ('create', '_notify', '_invalidate_documents',
                      '_get_message_id', '_get_reply_to', '_get_record_name',
                      '_get_default_from')),
    ('mail.tracking.value', ('create',)),
])
TRACKING_KNOWN_MODULES = KNOWN_MODULES | frozenset(['sale_commission',
                                                    'isp_billing'])
# the fields of the invoice the fast path writes itself (by SQL); the
# others (state...) are written by invoice_validate()
DATE_FIELDS = ['date_invoice', 'date_due']
MOVE_FIELDS = ['move_id', 'date', 'move_name']


class _Rejected(Exception):
    """Invoices of a batch whose entry the fast path cannot build: the
    batch starts again without them."""

    def __init__(self, invoices):
        super(_Rejected, self).__init__(invoices)
        self.invoices = invoices


def unknown_overrides(env, known=None, methods_by_model=None):
    """The overrides, by modules outside ``known`` (``KNOWN_MODULES``), of
    the methods the fast path does not call (``BYPASSED_METHODS``), found
    as the draft path finds them (``rules.bulk_safety``): ``{module:
    [(model, method), ...]}``."""
    return bulk_safety.unknown_overrides_by_model(
        env.registry, methods_by_model or BYPASSED_METHODS,
        KNOWN_MODULES if known is None else known)


def fallback_reason(invoice):
    """Why ``invoice`` must be posted by Odoo's ``action_invoice_open()``,
    or None when the fast path posts it as Odoo would."""
    if invoice.type != 'out_invoice':
        return 'not a customer invoice'
    if invoice.currency_id != invoice.company_id.currency_id:
        return 'currency other than the company currency'
    if invoice.cash_rounding_id:
        return 'cash rounding'
    if invoice.move_id:
        return 'validated before'
    if not invoice.journal_id.sequence_id:
        return 'journal without sequence'
    if not invoice.invoice_line_ids:
        return 'no invoice line'
    comparison = float_compare(invoice.amount_total, 0.0, precision_rounding=(
        invoice.currency_id.rounding))
    if comparison < 0:
        return 'negative total'
    if comparison == 0:
        # Odoo posts it, then marks it paid: two tracking messages
        return 'nothing to pay'
    company_currency = invoice.company_id.currency_id
    accounts = (invoice.account_id | invoice.invoice_line_ids.mapped(
        'account_id') | invoice.tax_line_ids.mapped('account_id'))
    if any(account.currency_id and account.currency_id != company_currency
           for account in accounts):
        return 'account with a secondary currency'
    return None


def reserve_numbers(sequence, date, count):
    """The next ``count`` names of ``sequence`` for entries of ``date``,
    as ``count`` calls of ``next_by_id()`` with ``ir_sequence_date=date``
    would give them, with one ``UPDATE`` of the no-gap counter (of the
    date range, if the sequence has ranges); the row stays locked until
    the transaction ends."""
    if count <= 0:
        return []
    sequence.check_access_rights('read')
    counter, context = _sequence_counter(sequence, date)
    numbers = _reserve(sequence, counter, count)
    sequence = sequence.with_context(**context)
    return [sequence.get_next_char(number) for number in numbers]


def reserve_numbers_by_date(sequence, dates):
    """The next names of ``sequence`` for entries of ``dates`` (one per
    date, in that order, the dates ascending), as ``next_by_id()`` with
    ``ir_sequence_date`` set to each date would give them one after the
    other, with one ``UPDATE`` of the no-gap counter per counter (the
    sequence, or each of its date ranges)."""
    if not dates:
        return []
    sequence.check_access_rights('read')
    groups = OrderedDict()
    counters = {}
    for index, date in enumerate(dates):
        if date not in counters:
            counters[date] = _sequence_counter(sequence, date)
        counter, context = counters[date]
        groups.setdefault(counter, []).append((index, context))
    names = [None] * len(dates)
    for counter, members in groups.items():
        numbers = _reserve(sequence, counter, len(members))
        for (index, context), number in zip(members, numbers):
            names[index] = sequence.with_context(**context).get_next_char(
                number)
    return names


def reserve_invoice_numbers(invoices):
    """Give the draft invoices of ``invoices`` that have no number yet
    (``move_name`` empty or ``/``) the next numbers of their journal's
    sequence, in the order of their dates (invoice date, then id), and
    store them on ``move_name`` with one ``UPDATE``: Odoo's posting uses
    that number (``account.move.post()``) and refuses to delete an invoice
    that has one, so a reserved number is never lost. Returns
    ``{invoice id: number}``."""
    today = fields.Date.context_today(invoices)
    todo = invoices.filtered(lambda i: i.state == 'draft' and (
        not i.move_name or i.move_name == '/')).sorted(
        lambda i: (i.date or i.date_invoice or today, i.id))
    by_sequence = OrderedDict()
    for invoice in todo:
        sequence = _invoice_sequence(invoice)
        if sequence:
            by_sequence.setdefault(sequence, []).append(invoice)
    names = {}
    for sequence in sorted(by_sequence, key=lambda s: s.id):
        members = by_sequence[sequence]
        for invoice, name in zip(members, reserve_numbers_by_date(
                sequence, [i.date or i.date_invoice or today
                           for i in members])):
            names[invoice.id] = name
    if not names:
        return names
    records = invoices.browse(list(names))
    records.check_access_rights('write')
    records.check_access_rule('write')
    cr = invoices.env.cr
    values = ', '.join(cr.mogrify('(%s, %s)', item).decode()
                       for item in sorted(names.items()))
    _execute(cr, 'UPDATE "%s" AS t SET move_name = v.name, write_uid = %s, '
             "write_date = (now() at time zone 'UTC') FROM (VALUES %s) "
             'AS v(id, name) WHERE t.id = v.id' % (
                 records._table, int(invoices.env.uid), values))
    records.invalidate_cache(['move_name', 'write_uid', 'write_date'],
                             records.ids)
    return names


def _invoice_sequence(invoice):
    """The sequence ``account.move.post()`` numbers ``invoice`` with."""
    journal = invoice.journal_id
    if invoice.type in ('out_refund', 'in_refund') and \
            journal.refund_sequence:
        return journal.refund_sequence_id
    return journal.sequence_id


def _reserve(sequence, counter, count):
    """The next ``count`` numbers of ``counter`` (``sequence`` or its date
    range), with one ``UPDATE`` (``nextval`` for a standard sequence)."""
    cr = sequence.env.cr
    if sequence.implementation == 'standard':
        if counter._name == 'ir.sequence':
            name = 'ir_sequence_%03d' % sequence.id
        else:
            name = 'ir_sequence_%03d_%03d' % (sequence.id, counter.id)
        cr.execute('SELECT nextval(%s) FROM generate_series(1, %s)',
                   (name, count))
        numbers = sorted(row[0] for row in cr.fetchall())
    else:
        step = sequence.number_increment
        _execute(cr, 'UPDATE "%s" SET number_next = number_next + %%s '
                 'WHERE id = %%s RETURNING number_next' % counter._table,
                 (step * count, counter.id))
        last = cr.fetchone()[0]
        first = last - step * count
        numbers = [first + step * index for index in range(count)]
        counter.invalidate_cache(['number_next'], counter.ids)
    return numbers


def lock_sequence(sequence, date):
    """Lock the no-gap counter ``reserve_numbers`` will update: a posting
    that waits for another one does so before it does its work."""
    if sequence.implementation == 'standard':
        return
    counter, _context = _sequence_counter(sequence, date)
    # another posting that numbered after this transaction started makes
    # PostgreSQL refuse the lock: queue_job does the chunk again
    _execute(sequence.env.cr, 'SELECT id FROM "%s" WHERE id = %%s '
             'FOR UPDATE' % counter._table, (counter.id,))


def _sequence_counter(sequence, date):
    """The record that holds the next number of ``sequence`` for ``date``
    (the sequence, or its date range, created if missing, as ``_next()``
    does) and the context of ``get_next_char``."""
    if not sequence.use_date_range:
        return sequence, {'ir_sequence_date': date}
    DateRange = sequence.env['ir.sequence.date_range']
    seq_date = DateRange.search([
        ('sequence_id', '=', sequence.id),
        ('date_from', '<=', date), ('date_to', '>=', date)], limit=1)
    if not seq_date:
        seq_date = sequence._create_date_range_seq(date)
    return seq_date, {'ir_sequence_date': date,
                      'ir_sequence_date_range': seq_date.date_from}


def post_invoices(invoices, on_failure=None):
    """Post the draft invoices of ``invoices`` (the others are skipped, so
    a chunk done again posts nothing twice), in the order of their
    dates; an invoice that carries a number (``move_name``) is posted with
    it, without touching the sequence. ``on_failure(invoice, error)`` is
    called for each invoice that Odoo refuses to post (it stays a draft,
    with its number if it had one); without it the error is raised.
    Returns (invoices posted in bulk, invoices posted by Odoo)."""
    return BulkPost(invoices.env, on_failure).post(invoices)


class BulkPost(object):

    def __init__(self, env, on_failure=None):
        self.env = env
        self.on_failure = on_failure
        self.Invoice = env['account.invoice']
        self.fast = self.Invoice.browse()
        self.slow = self.Invoice.browse()

    def post(self, invoices):
        invoices = invoices.exists().filtered(lambda i: i.state == 'draft')
        if not invoices:
            return self.fast, self.slow
        overrides = unknown_overrides(self.env)
        if overrides:
            _logger.info(
                'Posting %s invoices with action_invoice_open(): methods '
                'of the posting are overridden by %s.', len(invoices),
                bulk_safety.describe(overrides))
            self._post_by_odoo(invoices)
            return self.fast, self.slow
        today = fields.Date.context_today(self.Invoice)
        groups = OrderedDict()
        for invoice in invoices.sorted(lambda i: (
                i.date or i.date_invoice or today, i.id)):
            key = invoice.date or invoice.date_invoice or today
            groups.setdefault(key, self.Invoice.browse())
            groups[key] |= invoice
        for group in groups.values():
            self._post_group(group)
        return self.fast, self.slow

    def _post_group(self, invoices):
        """Post ``invoices`` (of one date): those the fast path handles in
        one batch, then the others by Odoo."""
        slow = self.Invoice.browse()
        fast = self.Invoice.browse()
        for invoice in invoices:
            reason = fallback_reason(invoice)
            if reason:
                _logger.debug('Invoice %s posted by Odoo: %s',
                              invoice.id, reason)
                slow |= invoice
            else:
                fast |= invoice
        while fast:
            try:
                with self.env.cr.savepoint():
                    self._post_batch(fast)
                self.fast |= fast
                break
            except _Rejected as rejected:
                self.env.clear()
                fast -= rejected.invoices
                slow |= rejected.invoices
            except Exception as error:  # pylint: disable=broad-except
                if _is_retryable(error):
                    raise
                self.env.clear()
                _logger.info(
                    'The %s invoices could not be posted at once (%s); '
                    'posting them one by one.', len(fast), error)
                slow |= fast
                break
        self._post_by_odoo(slow.sorted('id'))

    def _post_by_odoo(self, invoices):
        for invoice in invoices:
            try:
                with self.env.cr.savepoint():
                    invoice.action_invoice_open()
                self.slow |= invoice
            except Exception as error:  # pylint: disable=broad-except
                if self.on_failure is None or _is_retryable(error):
                    raise
                # the savepoint is rolled back: so must the cache be
                self.env.clear()
                self.on_failure(invoice, error)

    # -- the batch -----------------------------------------------------

    def _post_batch(self, invoices):
        """What ``invoices.action_invoice_open()`` does, in bulk; raises
        ``_Rejected`` (before anything is written) with the invoices
        whose entry cannot be built."""
        self._prefetch(invoices)
        keys = OrderedDict()
        for invoice in invoices:
            if _number(invoice):
                continue  # reserved before: the sequence is not touched
            date = invoice.date or invoice.date_invoice or \
                fields.Date.context_today(invoice)
            keys.setdefault((invoice.journal_id.sequence_id, date), [])
            keys[(invoice.journal_id.sequence_id, date)].append(invoice)
        for sequence, date in sorted(keys, key=lambda k: k[0].id):
            lock_sequence(sequence, date)
        # the dates first: the hooks that build the entries read them
        dates, rejected = self._dates(invoices)
        if rejected:
            raise _Rejected(rejected)
        # only what changes: a new invoice date recomputes the amounts
        for index, name in enumerate(DATE_FIELDS):
            changed = invoices.filtered(
                lambda i: i[name] != dates[i.id][index])
            self._write_columns(changed, [name], {
                invoice.id: [dates[invoice.id][index]]
                for invoice in changed})
        moves_vals = []
        for invoice in invoices:
            try:
                moves_vals.append(self._move_values(invoice))
            except Exception as error:  # pylint: disable=broad-except
                if _is_retryable(error):
                    raise
                _logger.debug('Invoice %s posted by Odoo: %s',
                              invoice.id, error)
                rejected |= invoice
        if rejected:
            raise _Rejected(rejected)
        # the numbers, in the order of the invoices (dates, ids)
        names = {invoice.id: _number(invoice) for invoice in invoices
                 if _number(invoice)}
        for (sequence, date), members in keys.items():
            for invoice, name in zip(members, reserve_numbers(
                    sequence, date, len(members))):
                names[invoice.id] = name
        for invoice, vals in zip(invoices, moves_vals):
            vals.update(name=names[invoice.id], state='posted')
        Move = self.env['account.move'].with_context(
            **self._move_context(invoices))
        bulk = BulkCreate()
        moves = bulk.insert(Move, moves_vals)
        bulk.flush()
        moves._post_validate()
        moves.mapped('line_ids').create_analytic_lines()
        names = list(MOVE_FIELDS)
        if getattr(invoices._fields['number'], 'related', None) == (
                'move_id', 'name'):
            # the number is the entry's name: written here, not recomputed
            names.append('number')
        self._write_columns(invoices, names, {
            invoice.id: [move.id, vals['date'], vals['name'], vals['name']]
            for invoice, move, vals in zip(invoices, moves, moves_vals)},
            prefetch=lambda: self._prefetch_moves(invoices),
            computed=names[len(MOVE_FIELDS):])
        self._subscribe_partners(invoices)
        self._validate(invoices)

    def _validate(self, invoices):
        """``invoices.invoice_validate()``, its tracking message inserted in
        bulk when nobody is notified of it (``TRACKING_METHODS``)."""
        context = self.env.context
        if context.get('tracking_disable') or context.get('mail_notrack') \
                or unknown_overrides(self.env, TRACKING_KNOWN_MODULES,
                                     TRACKING_METHODS):
            invoices.invoice_validate()
            return
        # what mail.thread.write() does around the write of the state
        track = invoices
        if 'lang' not in self.env.context:
            track = invoices.with_context(lang=self.env.user.lang)
        tracked = track._get_tracked_fields(['state'])
        initial = {invoice.id: {name: invoice[name] for name in tracked}
                   for invoice in track}
        self._prefetch_moves(invoices)
        invoices.with_context(mail_notrack=True).invoice_validate()
        if not tracked:
            return
        tracking = track._message_track_get_changes(tracked, initial)
        self._post_tracking(track, initial, tracking)
        track._message_track_post_template(tracking)

    def _post_tracking(self, invoices, initial, tracking):
        """The messages ``message_track()`` posts for ``tracking``
        (``{id: (changes, tracking values)}``): inserted in bulk with the
        values ``message_post()`` and ``mail.message.create()`` give them,
        but posted by ``message_post()`` for an invoice with a follower
        of the message's subtype (who is notified)."""
        env = invoices.env
        posts = []
        subtypes = {}
        for invoice in invoices:
            changes, values = tracking[invoice.id]
            if not changes:
                continue
            xmlid = invoice._track_subtype({
                name: initial[invoice.id][name] for name in changes})
            if xmlid and xmlid not in subtypes:
                subtypes[xmlid] = env.ref(xmlid)
            posts.append((invoice, subtypes.get(xmlid), values))
        followers = env['mail.followers'].sudo().search([
            ('res_model', '=', invoices._name),
            ('res_id', 'in', [invoice.id for invoice, _s, _v in posts])])
        listening = {(follower.res_id, subtype.id)
                     for follower in followers
                     for subtype in follower.subtype_ids}
        bulk = []
        for invoice, subtype, values in posts:
            if subtype is None or (invoice.id, subtype.id) in listening:
                invoice.message_post(
                    subtype=subtype and subtype.get_xml_id()[subtype.id],
                    tracking_value_ids=values)
            else:
                bulk.append((invoice, subtype, values))
        if not bulk:
            return
        Message = env['mail.message']
        ids = [invoice.id for invoice, _s, _v in bulk]
        # mail_thread's flat thread: the first e-mail, else the first message
        env.cr.execute(
            'SELECT DISTINCT ON (res_id) res_id, id FROM mail_message '
            'WHERE model = %s AND res_id IN %s '
            "ORDER BY res_id, message_type != 'email', id",
            (invoices._name, tuple(ids)))
        parents = dict(env.cr.fetchall())
        email_from = Message._get_default_from()
        reply_to = invoices.message_get_reply_to(ids, default=email_from)
        names = dict(invoices.browse(ids).sudo().name_get())
        author = Message._get_default_author().id
        vals_list = []
        for invoice, subtype, _values in bulk:
            vals = {
                'author_id': author,
                'model': invoices._name,
                'res_id': invoice.id,
                'body': '',
                'subject': False,
                'message_type': 'notification',
                'parent_id': parents.get(invoice.id, False),
                'subtype_id': subtype.id,
                'partner_ids': [],
                'attachment_ids': [],
                'email_from': email_from,
                'reply_to': reply_to[invoice.id],
                'record_name': names[invoice.id],
            }
            vals['message_id'] = Message._get_message_id(vals)
            vals_list.append(vals)
        messages = bulk_create(Message, vals_list)
        # mail.message.create() adds the tracking values as superuser
        bulk_create(env['mail.tracking.value'].sudo(), [
            dict(command[2], mail_message_id=message.id)
            for message, (_i, _s, values) in zip(messages, bulk)
            for command in values])
        messages._invalidate_documents()

    def _prefetch_moves(self, invoices):
        """One read of the entries' items for the invoice fields that
        depend on them (residual, payments), as they read them (the
        residual as superuser)."""
        for records in (invoices, invoices.sudo()):
            # and the lines of the invoices (isp_billing's e-mail delivery
            # reads their contracts as superuser)
            records.mapped('invoice_line_ids.sale_line_ids.order_id')
            lines = records.mapped('move_id.line_ids')
            lines.mapped('matched_debit_ids')
            lines.mapped('matched_credit_ids')
            lines.mapped('amount_residual')

    def _subscribe_partners(self, invoices):
        """The customers as followers of their invoices, as
        ``invoice_validate()`` makes them with ``message_subscribe()``
        (which then finds them subscribed), with one insert."""
        todo = invoices.filtered(
            lambda i: i.partner_id not in i.message_partner_ids)
        if not todo:
            return
        partner_ids = list(set(todo.mapped('partner_id').ids))
        todo.check_access_rights('write')
        todo.check_access_rule('write')
        employees = set(self.env['res.users'].sudo().search([
            ('partner_id', 'in', partner_ids),
            ('share', '=', False)]).mapped('partner_id').ids)
        default, _internal, external = self.env[
            'mail.message.subtype'].default_subtypes(todo._name)
        bulk_create(self.env['mail.followers'].sudo(), [{
            'res_model': todo._name,
            'res_id': invoice.id,
            'partner_id': invoice.partner_id.id,
            'subtype_ids': [(6, 0, (
                default if invoice.partner_id.id in employees
                else external).ids)],
        } for invoice in todo])
        todo.invalidate_cache()

    def _prefetch(self, invoices):
        """One read per model of what building the entries reads."""
        lines = invoices.mapped('invoice_line_ids')
        lines.mapped('invoice_line_tax_ids.children_tax_ids')
        lines.mapped('account_id')
        lines.mapped('analytic_tag_ids')
        invoices.mapped('tax_line_ids.tax_id')
        invoices.mapped('partner_id.commercial_partner_id')
        invoices.mapped('payment_term_id.line_ids')
        invoices.mapped('journal_id.sequence_id')

    def _dates(self, invoices):
        """{invoice id: [invoice date, due date]} as ``action_date_assign``
        and ``action_move_create`` set them; and the invoices whose
        payment terms fail."""
        dates = {}
        rejected = self.Invoice.browse()
        for invoice in invoices:
            date_invoice = invoice.date_invoice or \
                fields.Date.context_today(invoice)
            date_due = invoice.date_due
            try:
                if invoice.payment_term_id:
                    terms = invoice.payment_term_id.with_context(
                        currency_id=invoice.company_id.currency_id.id
                    ).compute(value=1, date_ref=date_invoice)[0]
                    date_due = max(line[0] for line in terms)
                elif date_due and date_invoice > date_due:
                    date_due = date_invoice
            except Exception as error:  # pylint: disable=broad-except
                if _is_retryable(error):
                    raise
                rejected |= invoice
                continue
            dates[invoice.id] = [date_invoice, date_due or date_invoice]
        return dates, rejected

    def _move_values(self, inv):
        """The values of ``account.move.create()`` in ``action_move_create``
        for ``inv``, with what ``account.move.line.create()`` adds to the
        items; raises when Odoo would refuse the entry."""
        lang = inv.partner_id.lang
        company_currency = inv.company_id.currency_id
        iml = inv.invoice_line_move_line_get()
        iml += inv.tax_line_move_line_get()
        total, _total_currency, iml = inv.with_context(
            lang=lang).compute_invoice_totals(company_currency, iml)
        name = inv.name or '/'
        if inv.payment_term_id:
            totlines = inv.with_context(
                lang=lang).payment_term_id.with_context(
                currency_id=company_currency.id).compute(
                    total, inv.date_invoice)[0]
            for date_maturity, amount in totlines:
                iml.append({
                    'type': 'dest',
                    'name': name,
                    'price': amount,
                    'account_id': inv.account_id.id,
                    'date_maturity': date_maturity,
                    'amount_currency': False,
                    'currency_id': False,
                    'invoice_id': inv.id,
                })
        else:
            iml.append({
                'type': 'dest',
                'name': name,
                'price': total,
                'account_id': inv.account_id.id,
                'date_maturity': inv.date_due,
                'amount_currency': False,
                'currency_id': False,
                'invoice_id': inv.id,
            })
        part = self.env['res.partner']._find_accounting_partner(
            inv.partner_id)
        line = [(0, 0, inv.line_get_convert(item, part.id)) for item in iml]
        line = inv.group_lines(iml, line)
        line = inv.finalize_invoice_move_lines(line)
        date = inv.date or inv.date_invoice
        journal = inv.journal_id
        for command in line:
            if command[0] != 0:
                raise ValueError('unexpected command %r' % (command,))
            self._complete_line(command[2], journal, date)
        self._check_entry(inv, [command[2] for command in line], date)
        return {
            'ref': inv.reference,
            'line_ids': line,
            'journal_id': journal.id,
            'date': date,
            'narration': inv.comment,
        }

    def _complete_line(self, vals, journal, date):
        """What ``account.move.line.create()`` adds to ``vals`` or refuses,
        for the items of an invoice in the company's currency."""
        Account = self.env['account.account']
        Tax = self.env['account.tax']
        account = Account.browse(vals['account_id'])
        if account.deprecated:
            raise ValueError('deprecated account %s' % account.code)
        if journal.type_control_ids or journal.account_control_ids:
            if account.user_type_id not in journal.type_control_ids and \
                    account not in journal.account_control_ids:
                raise ValueError('account %s refused by the journal'
                                 % account.code)
        vals['date_maturity'] = vals.get('date_maturity') or \
            vals.get('date') or date
        taxes = None
        if vals.get('tax_line_id'):
            taxes = Tax.browse(vals['tax_line_id'])
        if vals.get('tax_ids'):
            taxes = Tax.browse(_command_ids(vals['tax_ids']))
        if taxes and any(tax.tax_exigibility == 'on_payment'
                         for tax in taxes) and not vals.get('tax_exigible'):
            vals['tax_exigible'] = False

    def _check_entry(self, invoice, lines, date):
        """Refuse what ``_post_validate`` would: an unbalanced entry,
        items of another company, a date within the lock date."""
        company = invoice.journal_id.company_id
        Account = self.env['account.account']
        if any(Account.browse(vals['account_id']).company_id != company
               for vals in lines):
            raise ValueError('items of another company')
        prec = self.env['decimal.precision'].precision_get('Account')
        balance = sum((vals.get('debit') or 0.0) - (vals.get('credit') or 0.0)
                      for vals in lines)
        if abs(balance) > 10 ** (-max(5, prec)):
            raise ValueError('unbalanced entry')
        lock_date = max(company.period_lock_date or '0000-00-00',
                        company.fiscalyear_lock_date or '0000-00-00')
        if self.env['account.move'].user_has_groups(
                'account.group_account_manager'):
            lock_date = company.fiscalyear_lock_date
        if date <= (lock_date or '0000-00-00'):
            raise ValueError('date within the lock date')

    def _move_context(self, invoices):
        """The context of ``account.move.create()`` in
        ``action_move_create`` (it gives the defaults of the new rows)."""
        return {'lang': None, 'company_id': invoices[0].company_id.id,
                'check_move_validity': False, 'partner_id': None}

    def _write_columns(self, records, names, values, prefetch=None,
                       computed=()):
        """``record.write(dict(zip(names, values[record.id])))`` for each of
        ``records`` with one UPDATE, then what ``write()`` does after: the
        fields that depend on them are recomputed, the constraints
        checked; the stored computed fields of ``computed`` are written with
        their value, not recomputed."""
        if not records:
            return
        cr = self.env.cr
        model = records.browse()
        columns = [records._fields[name] for name in names]
        rows = []
        for record in records:
            row = [record.id]
            for field, value in zip(columns, values[record.id]):
                row.append(field.convert_to_column(value, model))
            rows.append(row)
        template = '(%s)' % ', '.join(['%s'] * (len(names) + 1))
        assignments = ', '.join(
            '"%s" = v."%s"::%s' % (field.name, field.name,
                                   field.column_type[1])
            for field in columns)
        _execute(cr, 'UPDATE "%s" AS t SET %s, write_uid = %s, '
                 "write_date = (now() at time zone 'UTC') FROM (VALUES %s) "
                 'AS v(%s) WHERE t.id = v.id' % (
                     records._table, assignments, int(self.env.uid),
                     ', '.join(cr.mogrify(template, row).decode()
                               for row in rows),
                     ', '.join('"%s"' % name for name in ['id'] + names)))
        records.invalidate_cache(names + ['write_uid', 'write_date'],
                                 records.ids)
        records.modified(names)
        for name in computed:
            records._recompute_done(records._fields[name])
        records._validate_fields(names)
        if prefetch:
            prefetch()
        if self.env.recompute and self.env.context.get('recompute', True):
            records.recompute()


def _number(invoice):
    """The number ``invoice`` carries (reserved, or kept from a previous
    validation), which Odoo's posting gives its entry; or None."""
    if invoice.move_name and invoice.move_name != '/':
        return invoice.move_name
    return None


def _is_retryable(error):
    """A concurrent update refused by PostgreSQL: the whole transaction
    must be done again (queue_job retries the chunk)."""
    return (isinstance(error, psycopg2.OperationalError)
            and error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY)


def _command_ids(commands):
    """The ids given by the x2many commands ``(4, id)`` and
    ``(6, 0, ids)`` of the items' values."""
    ids = []
    for command in commands or []:
        if command[0] == 4:
            ids.append(command[1])
        elif command[0] == 6:
            ids = list(command[2])
        elif command[0] == 5:
            ids = []
        else:
            raise ValueError('unexpected command %r' % (command,))
    return ids


def _execute(cr, query, params=None):
    """Run ``query``: built from the table and column names of the registry
    and values quoted by psycopg2, never from text typed by a user."""
    cr.execute(query, params)
