/* Copyright 2026 ISP Suite for Odoo
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/* New ticket form: show the customer text of the chosen category. */
(function () {
    'use strict';
    function showCategoryText(select) {
        var texts = document.querySelectorAll('.o_isp_category_text');
        for (var i = 0; i < texts.length; i++) {
            var matches = texts[i].getAttribute('data-category') === select.value;
            texts[i].classList.toggle('hidden', !matches);
        }
    }
    document.addEventListener('change', function (event) {
        if (event.target && event.target.id === 'isp_category') {
            showCategoryText(event.target);
        }
    });
})();
