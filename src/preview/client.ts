/**
 * The preview's script, served at /__preview/client.js and named by a <script> tag that the server
 * adds to the HTML it serves (never to the files in out/). It listens to the server's events: an
 * edition page reloads when its edition was rebuilt (keeping its scroll position), the index after
 * every build; build errors show as an overlay over the page until a build without them.
 *
 * Kept as text, not a function turned into text: tsx would inject its `__name` helper into a
 * function's source, and the compiled package has no step that copies a .js file next to dist/.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var me = document.currentScript;
  var edition = (me && me.getAttribute('data-edition')) || '';
  var KEY = 'vet-preview-scroll:' + location.pathname + location.search;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    var restore = function () { window.scrollTo(0, Number(saved) || 0); };
    if (document.readyState === 'complete') restore(); else window.addEventListener('load', restore);
  }

  var OVERLAY = 'vet-preview-overlay';
  function el(tag, style, text) {
    var e = document.createElement(tag);
    if (style) e.setAttribute('style', style);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function hide() {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
  }
  function show(errors) {
    hide();
    var root = el('div', 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.66);overflow:auto;font:14px/1.6 sans-serif;');
    root.id = OVERLAY;
    root.setAttribute('role', 'alert');
    errors.forEach(function (e) {
      var box = el('div', 'max-width:960px;margin:40px auto;background:#1e1e1e;color:#eee;border-top:6px solid #e5484d;padding:20px 24px;border-radius:4px;box-shadow:0 4px 24px rgba(0,0,0,.4);');
      box.className = 'vet-preview-error';
      box.appendChild(el('div', 'color:#ff8a8a;font-size:18px;font-weight:bold;', e.title));
      if (e.file) box.appendChild(el('div', 'color:#8ac4ff;margin-top:6px;font-family:monospace;', e.where));
      box.appendChild(el('pre', 'white-space:pre-wrap;margin:12px 0;font-family:inherit;', e.message));
      if (e.frame) box.appendChild(el('pre', 'background:#111;color:#ddd;padding:12px;overflow:auto;font:13px/1.5 monospace;', e.frame));
      box.appendChild(el('div', 'color:#aaa;margin-top:8px;', e.hint));
      root.appendChild(box);
    });
    (document.body || document.documentElement).appendChild(root);
  }

  var source = new EventSource('/__preview/events');
  source.addEventListener('state', function (ev) {
    var s = JSON.parse(ev.data);
    if (s.reason === 'build' && (!edition || s.built.indexOf(edition) >= 0)) {
      sessionStorage.setItem(KEY, String(window.scrollY));
      location.reload();
      return;
    }
    var mine = s.errors.filter(function (e) { return !edition || !e.edition || e.edition === edition; });
    if (mine.length) show(mine); else hide();
  });
  source.addEventListener('progress', function (ev) {
    var status = document.getElementById('vet-preview-status');
    if (status) status.textContent = JSON.parse(ev.data).text;
  });
  // The findings filter submits itself (the index is rendered by the server, filtered by the query).
  document.querySelectorAll('form.vet-preview-filter select').forEach(function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });
})();
`;
