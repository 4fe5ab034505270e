# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What invoicing the customers of one billing run chunk needs, read in
batch: the chunk creates a ``ChunkCache`` and passes it to the methods that
compute what each of its customers is due (``cache=`` arguments). Outside a
chunk those methods get no cache and read what they need one customer at a
time."""
from collections import defaultdict


def memo(cache, bucket, key, compute):
    """``compute()``, once per ``key`` in ``bucket`` of ``cache`` (every
    time when ``cache`` is None)."""
    if cache is None:
        return compute()
    return cache.memo(bucket, key, compute)


class ChunkCache(object):
    """The batch reads of the chunk that invoices ``partners`` in ``run``:
    their subscriptions (locked with ``lock``), the periods already
    invoiced, the pending one-off charges and charges for the next
    invoice, the suspensions of the services not billed while suspended,
    and the values computed once per
    chunk (fiscal positions, the sales journal, line labels)."""

    def __init__(self, run, partners, lock=False):
        self.run = run
        self.partner_ids = set(partners.ids)
        self.lock = lock
        # repr(domain) -> (subscriptions, {partner id: [subscription ids]})
        self._subscriptions = {}
        self._memo = defaultdict(dict)
        # one read of the customers' fields and properties for the chunk
        partners.mapped('vat')
        partners.mapped('property_account_position_id')
        subscriptions = self.subscriptions()
        env = run.env
        self._invoiced = defaultdict(set)
        for period in env['isp.subscription.period'].search_read(
                [('subscription_id', 'in', subscriptions.ids)],
                ['subscription_id', 'date_start']):
            self._invoiced[period['subscription_id'][0]].add(
                period['date_start'])
        self._oneoffs = defaultdict(list)
        for line in env['sale.order.line'].search(
                run._oneoff_domain(subscriptions.mapped('order_id')),
                order='id'):
            self._oneoffs[line.order_id.id].append(line.id)
        self._charges = defaultdict(list)
        for charge in env['isp.subscription.charge'].search(
                run._charge_domain(subscriptions), order='date, id'):
            self._charges[charge.subscription_id.id].append(charge.id)
        # the suspensions, read only when the company leaves the suspended
        # days of some service type out (isp.suspension.billing)
        self._unbilled_types = env[
            'isp.suspension.billing']._isp_unbilled_service_types(
                run.company_id)
        self._suspensions = defaultdict(list)
        if self._unbilled_types:
            for suspension in env['isp.subscription.suspension'].search_read(
                    [('subscription_id', 'in', subscriptions.ids)],
                    ['subscription_id', 'date_start', 'date_end'],
                    order='date_start, id'):
                self._suspensions[suspension['subscription_id'][0]].append(
                    (suspension['date_start'], suspension['date_end'] or None))

    def subscriptions(self, domain=None):
        """The chunk's subscriptions for the run (narrowed by ``domain``),
        searched (and locked) once per domain."""
        key = repr(domain or [])
        if key not in self._subscriptions:
            run = self.run
            subscriptions = run.env['isp.subscription'].search(
                run._subscription_domain()
                + [('partner_id', 'in', list(self.partner_ids))]
                + (domain or []), order='id')
            if self.lock and subscriptions:
                subscriptions = run._lock_subscriptions(subscriptions)
            by_partner = defaultdict(list)
            for subscription in subscriptions:
                by_partner[subscription.partner_id.id].append(
                    subscription.id)
            self._subscriptions[key] = (subscriptions, by_partner)
        return self._subscriptions[key][0]

    def partner_subscriptions(self, partner, domain=None):
        """The subscriptions of ``partner`` among ``subscriptions(domain)``,
        with the same prefetch (one read for every customer)."""
        chunk = self.subscriptions(domain)
        by_partner = self._subscriptions[repr(domain or [])][1]
        return chunk.browse(by_partner.get(partner.id, []),
                            prefetch=chunk._prefetch)

    def invoiced_period_starts(self, subscription):
        """The start dates (strings) of the periods of ``subscription``
        invoiced before the chunk started."""
        return self._invoiced.get(subscription.id, set())

    def oneoff_line_ids(self, orders):
        """The ids of the pending one-off lines of ``orders``."""
        return sorted(line_id for order in orders
                      for line_id in self._oneoffs.get(order.id, []))

    def charge_ids(self, subscriptions):
        """The ids of the charges waiting for the next invoice of
        ``subscriptions``."""
        return [charge_id for subscription in subscriptions
                for charge_id in self._charges.get(subscription.id, [])]

    def unbilled_service_types(self):
        """The service types the run's company does not bill while
        suspended."""
        return self._unbilled_types

    def suspensions(self, subscription):
        """The suspensions of ``subscription``, ``(start, end)`` tuples
        (``rules/suspension_billing.py``); read only when the company does
        not bill some service type while suspended."""
        return self._suspensions.get(subscription.id, [])

    def memo(self, bucket, key, compute):
        values = self._memo[bucket]
        if key not in values:
            values[key] = compute()
        return values[key]
