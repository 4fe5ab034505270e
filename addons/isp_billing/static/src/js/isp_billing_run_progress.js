/* Copyright 2026 ISP Suite for Odoo
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
odoo.define('isp_billing.run_progress', function (require) {
"use strict";

/**
 * The progress bar of a billing run that reads the run again every few
 * seconds while it is running (its chunks are done by queue jobs in other
 * transactions): the form shows the progress, the failures and the
 * invoices without a click. It stops when the run is no longer running or
 * the form is left.
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

var REFRESH_MS = 5000;

var RunProgressBar = basicFields.FieldProgressBar.extend({
    _render: function () {
        var result = this._super.apply(this, arguments);
        this._ispScheduleReload();
        return result;
    },
    destroy: function () {
        clearTimeout(this._ispReloadTimer);
        this._super.apply(this, arguments);
    },
    _ispScheduleReload: function () {
        var self = this;
        clearTimeout(this._ispReloadTimer);
        if (this.recordData.state !== 'running' || !this.res_id) {
            return;
        }
        this._ispReloadTimer = setTimeout(function () {
            if (!self.isDestroyed()) {
                self.trigger_up('reload');
            }
        }, REFRESH_MS);
    },
});

fieldRegistry.add('isp_run_progress', RunProgressBar);

return RunProgressBar;
});
