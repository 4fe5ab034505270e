/* Copyright 2026 ISP Suite for Odoo
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/*
 * The signing page: a drawing pad that works with a finger (touch / pointer
 * events) or a mouse, a clear button, and a PNG data URL of the drawing in
 * the hidden "signature" field when the form is submitted. The server checks
 * everything again; the checks here only spare a round trip.
 */
odoo.define('isp_esign.sign_page', function (require) {
    'use strict';

    var WIDE_SCREEN = '(min-width: 992px)';

    function SignaturePad(canvas) {
        this.canvas = canvas;
        this.ctx = canvas.getContext('2d');
        this.hasInk = false;
        this.drawing = false;
        this.last = null;
        this.resize();
        this.bind();
    }

    SignaturePad.prototype.resize = function () {
        var ratio = Math.max(window.devicePixelRatio || 1, 1);
        var width = this.canvas.offsetWidth || 300;
        var height = this.canvas.offsetHeight || 180;
        this.canvas.width = Math.round(width * ratio);
        this.canvas.height = Math.round(height * ratio);
        this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        this.clear();
    };

    SignaturePad.prototype.clear = function () {
        // a white background: a blank pad is one colour for the server
        this.ctx.save();
        this.ctx.setTransform(1, 0, 0, 1, 0, 0);
        this.ctx.fillStyle = '#ffffff';
        this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
        this.ctx.restore();
        this.ctx.strokeStyle = '#1a1a4e';
        this.ctx.fillStyle = '#1a1a4e';
        this.ctx.lineWidth = 2.5;
        this.ctx.lineCap = 'round';
        this.ctx.lineJoin = 'round';
        this.hasInk = false;
    };

    SignaturePad.prototype.point = function (clientX, clientY) {
        var rect = this.canvas.getBoundingClientRect();
        return {x: clientX - rect.left, y: clientY - rect.top};
    };

    SignaturePad.prototype.start = function (p) {
        this.drawing = true;
        this.last = p;
        // a dot, so that a tap leaves a mark
        this.ctx.beginPath();
        this.ctx.arc(p.x, p.y, this.ctx.lineWidth / 2, 0, 2 * Math.PI);
        this.ctx.fill();
        this.hasInk = true;
    };

    SignaturePad.prototype.move = function (p) {
        if (!this.drawing) {
            return;
        }
        this.ctx.beginPath();
        this.ctx.moveTo(this.last.x, this.last.y);
        this.ctx.lineTo(p.x, p.y);
        this.ctx.stroke();
        this.last = p;
        this.hasInk = true;
    };

    SignaturePad.prototype.end = function () {
        this.drawing = false;
        this.last = null;
    };

    SignaturePad.prototype.bind = function () {
        var self = this;
        var canvas = this.canvas;
        if (window.PointerEvent) {
            canvas.addEventListener('pointerdown', function (ev) {
                ev.preventDefault();
                if (canvas.setPointerCapture) {
                    canvas.setPointerCapture(ev.pointerId);
                }
                self.start(self.point(ev.clientX, ev.clientY));
            });
            canvas.addEventListener('pointermove', function (ev) {
                ev.preventDefault();
                self.move(self.point(ev.clientX, ev.clientY));
            });
            ['pointerup', 'pointercancel', 'pointerleave'].forEach(
                function (name) {
                    canvas.addEventListener(name, function () {
                        self.end();
                    });
                });
            return;
        }
        // older browsers: touch and mouse events
        canvas.addEventListener('touchstart', function (ev) {
            ev.preventDefault();
            var t = ev.changedTouches[0];
            self.start(self.point(t.clientX, t.clientY));
        });
        canvas.addEventListener('touchmove', function (ev) {
            ev.preventDefault();
            var t = ev.changedTouches[0];
            self.move(self.point(t.clientX, t.clientY));
        });
        canvas.addEventListener('touchend', function () {
            self.end();
        });
        canvas.addEventListener('mousedown', function (ev) {
            self.start(self.point(ev.clientX, ev.clientY));
        });
        canvas.addEventListener('mousemove', function (ev) {
            self.move(self.point(ev.clientX, ev.clientY));
        });
        window.addEventListener('mouseup', function () {
            self.end();
        });
    };

    SignaturePad.prototype.toDataURL = function () {
        return this.hasInk ? this.canvas.toDataURL('image/png') : '';
    };

    function setupSignForm(form) {
        var canvas = form.querySelector('.o_isp_esign_canvas');
        var pad = new SignaturePad(canvas);
        var errorBox = form.querySelector('.o_isp_esign_client_error');
        var message = function (name) {
            var node = form.querySelector('.o_isp_esign_msg_' + name);
            return node ? node.textContent.trim() : '';
        };
        var showErrors = function (texts) {
            // every problem of the form at once, one a line
            errorBox.textContent = '';
            texts.forEach(function (text) {
                var line = document.createElement('div');
                line.textContent = text;
                errorBox.appendChild(line);
            });
            errorBox.classList.remove('hidden');
            errorBox.scrollIntoView && errorBox.scrollIntoView();
        };
        form.querySelector('.o_isp_esign_clear').addEventListener(
            'click', function () {
                pad.clear();
            });
        var lastWidth = window.innerWidth;
        window.addEventListener('resize', function () {
            // keep a drawing; resize a still empty pad (phone rotated)
            if (!pad.hasInk && window.innerWidth !== lastWidth) {
                lastWidth = window.innerWidth;
                pad.resize();
            }
        });
        form.addEventListener('submit', function (ev) {
            var name = form.querySelector('.o_isp_esign_name');
            var consent = form.querySelector('.o_isp_esign_consent_box');
            var errors = [];
            if (!name.value.trim()) {
                errors.push(message('empty_name'));
            }
            if (!pad.hasInk) {
                errors.push(message('empty_drawing'));
            }
            if (!consent.checked) {
                errors.push(message('no_consent'));
            }
            if (errors.length) {
                ev.preventDefault();
                showErrors(errors);
                return;
            }
            errorBox.classList.add('hidden');
            form.querySelector('.o_isp_esign_signature').value =
                pad.toDataURL();
            form.querySelector('.o_isp_esign_submit').disabled = true;
        });
    }

    function setupPdfEmbed(node) {
        // only wide screens embed the PDF; phones follow the link
        if (!window.matchMedia || !window.matchMedia(WIDE_SCREEN).matches) {
            return;
        }
        var frame = document.createElement('iframe');
        frame.className = 'o_isp_esign_pdf_frame';
        frame.src = node.getAttribute('data-src');
        frame.title = node.getAttribute('data-src');
        node.appendChild(frame);
    }

    function rememberTimeZone() {
        // the signing times are shown in the signer's zone: the server
        // knows the browser's only from this cookie (never its own)
        try {
            var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
            if (zone) {
                document.cookie = 'isp_esign_tz=' + encodeURIComponent(zone) +
                    '; path=/sign; max-age=31536000; SameSite=Lax';
            }
        } catch (err) {
            // no zone: the page shows UTC
        }
    }

    function init() {
        rememberTimeZone();
        var forms = document.querySelectorAll('.o_isp_esign_sign_form');
        Array.prototype.forEach.call(forms, setupSignForm);
        var embeds = document.querySelectorAll('.o_isp_esign_pdf_embed');
        Array.prototype.forEach.call(embeds, setupPdfEmbed);
        document.body.classList.add('o_isp_esign_ready');
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }

    return {SignaturePad: SignaturePad};
});
