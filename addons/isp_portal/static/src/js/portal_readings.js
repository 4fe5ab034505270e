/* Copyright 2026 ISP Suite for Odoo
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
 *
 * The consumption chart of /my/readings/<meter>: a bar a month, drawn with
 * the nvd3 library Odoo ships (web/static/lib/nvd3), loaded by that page
 * only. The figures come from the page (data-chart); they stay readable
 * in the list under the chart when the script does not run.
 */
(function () {
    'use strict';

    function draw() {
        var node = document.querySelector('.o_isp_reading_chart');
        if (!node || !window.nv || !window.d3) {
            return;
        }
        var data = JSON.parse(node.getAttribute('data-chart') || '[]');
        if (!data.length) {
            return;
        }
        window.nv.addGraph(function () {
            var chart = window.nv.models.discreteBarChart()
                .x(function (d) { return d.label; })
                .y(function (d) { return d.value; })
                .showValues(false)
                .color(['#337ab7'])
                .rotateLabels(-45)
                .margin({top: 10, right: 10, bottom: 50, left: 55});
            chart.yAxis.tickFormat(window.d3.format(',.1f'));
            window.d3.select(node.querySelector('svg'))
                .datum([{key: node.getAttribute('data-unit') || '', values: data}])
                .call(chart);
            window.nv.utils.windowResize(chart.update);
            return chart;
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', draw);
    } else {
        draw();
    }
})();
