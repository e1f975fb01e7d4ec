/*
 * disclosure-consent.js: the user's side of the external-transmission notice (Art. 27-12).
 *
 * Reads the fragment `cargo disclosure generate --format consent` writes
 * (<div data-disclosure-consent>, contract: docs/consent-markup.md), shows the notification banner
 * or the settings dialog, keeps the user's choices in a first-party cookie, and activates the
 * page's inert tags (`data-disclosure="<transmission id>"`) whose transmission is allowed.
 *
 * Plain ES2017, no dependency, no build step, no request but the optional same-origin choice log.
 * Works under `default-src 'self'; script-src 'self'; style-src 'self'`: no eval, no inline
 * script or style, no `style` attribute and no HTML parsed from strings (only `hidden`, classes,
 * attributes and textContent change).
 */
(function () {
  'use strict';

  var ID = /^[a-z0-9._-]+$/;
  var FINGERPRINT = /^[a-z0-9]{1,64}$/;
  var RID = /^[0-9a-f]{16}$/;
  var ITEM = /^[a-z0-9_]+:[a-z0-9._-]+$/;
  var COOKIE_NAME = /^[A-Za-z0-9_-]+$/;
  var BASES = ['consent', 'opt_out', 'essential', 'notice'];
  var ITEMS_KEY = 'disclosure_consent_items';
  var MAX_RESERVE_REM = 40;
  var MAX_COOKIE = 3800;

  var doc = document;
  var root = null;
  var config = null;
  var banner = null;
  var dialog = null;
  var statusBox = null;
  var transmissions = []; // {id, provider, basis, fingerprint, items, el, input}
  var byId = {};
  var stored = null; // {rid, time, entries: [{id, value, fingerprint}]}
  var agreedItems = {};
  var pending = []; // transmissions the user is to be told about or asked again
  var reasking = false;
  var opener = null;
  var activated = {}; // transmission id -> true once one of its tags ran on this page

  function isSwitchable(t) {
    return t.basis === 'consent' || t.basis === 'opt_out';
  }

  function words(value) {
    return (value || '').split(/\s+/).filter(function (w) { return w !== ''; });
  }

  // ---- configuration and markup -------------------------------------------------------------

  function readConfig() {
    var node = root.querySelector('script[type="application/json"]#disclosure-consent-config') ||
      root.querySelector('script[type="application/json"]');
    var raw = {};
    try {
      raw = JSON.parse(node ? node.textContent : '{}') || {};
    } catch (e) {
      raw = null;
    }
    if (!raw || raw.format !== 1) {
      return null;
    }
    var days = typeof raw.max_age_days === 'number' && raw.max_age_days > 0 ? raw.max_age_days : 395;
    var log = null;
    if (typeof raw.log === 'string' && raw.log !== '') {
      try {
        var url = new URL(raw.log, location.href);
        if (url.origin === location.origin) {
          log = url.href;
        }
      } catch (e) {
        log = null;
      }
    }
    return {
      cookie: typeof raw.cookie === 'string' && COOKIE_NAME.test(raw.cookie) ? raw.cookie : 'disclosure_consent',
      maxAge: Math.round(days * 86400),
      notice: typeof raw.notice === 'string' ? raw.notice : '',
      log: log
    };
  }

  // The pair (banner, dialog, status) in the page's language, else the first of each.
  function pick(selector) {
    var all = Array.prototype.slice.call(root.querySelectorAll(selector));
    var lang = (doc.documentElement.lang || '').toLowerCase();
    var chosen = null;
    var i;
    for (i = 0; i < all.length && !chosen; i++) {
      if ((all[i].getAttribute('lang') || '').toLowerCase() === lang) { chosen = all[i]; }
    }
    var primary = lang.split('-')[0];
    for (i = 0; i < all.length && !chosen && primary; i++) {
      if ((all[i].getAttribute('lang') || '').toLowerCase().split('-')[0] === primary) { chosen = all[i]; }
    }
    chosen = chosen || all[0] || null;
    all.forEach(function (el) {
      if (el !== chosen) { el.hidden = true; }
    });
    return chosen;
  }

  function readTransmissions() {
    var list = [];
    var seen = {};
    var nodes = dialog.querySelectorAll('.dc-transmission[data-transmission]');
    Array.prototype.forEach.call(nodes, function (el) {
      var id = el.getAttribute('data-transmission');
      var basis = el.getAttribute('data-basis');
      var fingerprint = el.getAttribute('data-fingerprint') || '';
      if (!ID.test(id) || seen[id] || BASES.indexOf(basis) < 0 || !FINGERPRINT.test(fingerprint)) {
        return; // an entry the script cannot key is never allowed: its tags stay inert
      }
      seen[id] = true;
      var input = el.querySelector('input[data-dc-switch]');
      var t = {
        id: id,
        provider: el.getAttribute('data-provider') || id,
        basis: basis,
        fingerprint: fingerprint,
        items: words(el.getAttribute('data-items')).filter(function (w) { return ITEM.test(w); }),
        el: el,
        input: null
      };
      if (isSwitchable(t) && input && input.getAttribute('data-dc-switch') === id) {
        t.input = input;
      }
      list.push(t);
    });
    return list;
  }

  // ---- the cookie and the stored items --------------------------------------------------------

  function readCookie() {
    var parts = doc.cookie ? doc.cookie.split(';') : [];
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].replace(/^\s+/, '');
      var eq = kv.indexOf('=');
      if (eq > 0 && kv.slice(0, eq) === config.cookie) {
        return parseCookie(kv.slice(eq + 1));
      }
    }
    return null;
  }

  // `1.<rid>.<unix seconds>.<id>:<0|1>:<fingerprint>~…`; anything else is no choice at all.
  function parseCookie(value) {
    var fields = value.split('.');
    if (fields.length < 4 || fields[0] !== '1' || !RID.test(fields[1]) || !/^[0-9]{1,12}$/.test(fields[2])) {
      return null;
    }
    var rest = fields.slice(3).join('.');
    var entries = [];
    var seen = {};
    words(rest.replace(/~/g, ' ')).forEach(function (entry) {
      var m = /^([a-z0-9._-]+):([01]):([a-z0-9]{1,64})$/.exec(entry);
      if (m && !seen[m[1]]) {
        seen[m[1]] = true;
        entries.push({ id: m[1], value: m[2] === '1', fingerprint: m[3] });
      }
    });
    return { rid: fields[1], time: Number(fields[2]), entries: entries };
  }

  function entryFor(id) {
    if (!stored) { return null; }
    for (var i = 0; i < stored.entries.length; i++) {
      if (stored.entries[i].id === id) { return stored.entries[i]; }
    }
    return null;
  }

  function newRid() {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  function writeCookie(entries, rid, time) {
    var keep = entries.slice();
    var value;
    for (;;) {
      value = '1.' + rid + '.' + time + '.' + keep.map(function (e) {
        return e.id + ':' + (e.value ? '1' : '0') + ':' + e.fingerprint;
      }).join('~');
      // Too long for one cookie: drop the entries of transmissions this page does not list first.
      var drop = -1;
      for (var i = keep.length - 1; i >= 0 && value.length > MAX_COOKIE; i--) {
        if (!byId[keep[i].id]) { drop = i; break; }
      }
      if (drop < 0) { break; }
      keep.splice(drop, 1);
    }
    var cookie = config.cookie + '=' + value + '; Path=/; Max-Age=' + config.maxAge + '; SameSite=Lax';
    if (location.protocol === 'https:') { cookie += '; Secure'; }
    doc.cookie = cookie;
    return { rid: rid, time: time, entries: keep };
  }

  function readItems() {
    try {
      var parsed = JSON.parse(window.localStorage.getItem(ITEMS_KEY) || '{}');
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
    } catch (e) {
      return {};
    }
  }

  function writeItems() {
    transmissions.forEach(function (t) { agreedItems[t.id] = t.items.slice(); });
    try {
      window.localStorage.setItem(ITEMS_KEY, JSON.stringify(agreedItems));
    } catch (e) {
      // storage refused: a later re-ask shows whole transmissions instead of the new items
    }
  }

  // ---- what is allowed ------------------------------------------------------------------------

  function allowedT(t) {
    if (t.basis === 'essential' || t.basis === 'notice') { return true; }
    var entry = entryFor(t.id);
    if (t.basis === 'consent') {
      // consent covers what it was given for: a changed transmission is off until asked again
      return !!entry && entry.value && entry.fingerprint === t.fingerprint;
    }
    // opt_out: on unless the user switched it off; a stale "off" stays off
    return !entry || entry.value;
  }

  function allowed(id) {
    if (byId[id]) { return allowedT(byId[id]); }
    var units = transmissions.filter(function (t) { return t.provider === id; });
    return units.length > 0 && units.every(allowedT);
  }

  function needsTelling(t) {
    var entry = entryFor(t.id);
    return !entry || entry.fingerprint !== t.fingerprint;
  }

  function currentChoices() {
    var choices = {};
    transmissions.forEach(function (t) { choices[t.id] = allowedT(t); });
    return choices;
  }

  // ---- tags -----------------------------------------------------------------------------------

  function safeUrl(value) {
    if (!value) { return null; }
    try {
      var url = new URL(value, location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function activateScript(el) {
    var src = safeUrl(el.getAttribute('data-src'));
    if (!src) { return false; }
    var s = doc.createElement('script');
    Array.prototype.forEach.call(el.attributes, function (a) {
      if (['type', 'src', 'data-src', 'data-type', 'nonce', 'async', 'defer', 'data-async', 'data-defer', 'id']
          .indexOf(a.name) < 0) {
        s.setAttribute(a.name, a.value);
      }
    });
    if (el.getAttribute('data-type')) { s.type = el.getAttribute('data-type'); }
    if (el.nonce) { s.nonce = el.nonce; }
    // Inserted scripts run as soon as loaded unless async is false: keep the written order.
    // (`data-async`/`data-defer` keep the inert element valid HTML; `async`/`defer` work too.)
    s.async = el.hasAttribute('async') || el.hasAttribute('data-async');
    if (el.hasAttribute('defer') || el.hasAttribute('data-defer')) { s.defer = true; }
    if (el.id) {
      var id = el.id;
      el.removeAttribute('id');
      s.id = id;
    }
    s.setAttribute('data-disclosure-state', 'active');
    s.src = src;
    el.parentNode.insertBefore(s, el.nextSibling);
    return true;
  }

  function activateElement(el) {
    var tag = el.tagName.toLowerCase();
    if (tag === 'script') { return activateScript(el); }
    if (tag === 'link') {
      var href = safeUrl(el.getAttribute('data-href'));
      if (!href) { return false; }
      el.href = href;
      return true;
    }
    var src = safeUrl(el.getAttribute('data-src'));
    var srcset = el.getAttribute('data-srcset');
    if (!src && !srcset) { return false; }
    if (srcset) { el.setAttribute('srcset', srcset); }
    if (src) { el.src = src; }
    return true;
  }

  function activate() {
    var nodes = doc.querySelectorAll('[data-disclosure]:not([data-disclosure-state])');
    Array.prototype.forEach.call(nodes, function (el) {
      if (root.contains(el)) { return; }
      var id = el.getAttribute('data-disclosure');
      if (!allowed(id)) { return; }
      if (activateElement(el)) {
        el.setAttribute('data-disclosure-state', 'active');
        activated[id] = true;
      } else {
        el.setAttribute('data-disclosure-state', 'invalid');
      }
    });
  }

  // ---- saving ---------------------------------------------------------------------------------

  function save(choices) {
    var before = currentChoices();
    var entries = stored ? stored.entries.slice() : [];
    transmissions.forEach(function (t) {
      var entry = { id: t.id, value: isSwitchable(t) ? !!choices[t.id] : true, fingerprint: t.fingerprint };
      var at = -1;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].id === t.id) { at = i; }
      }
      if (at < 0) { entries.push(entry); } else { entries[at] = entry; }
    });
    var rid = stored ? stored.rid : newRid();
    var time = Math.floor(Date.now() / 1000);
    stored = writeCookie(entries, rid, time);
    writeItems();
    pending = [];
    reasking = false;
    syncSwitches();
    activate();

    var after = currentChoices();
    var switchable = {};
    var revoked = [];
    transmissions.forEach(function (t) {
      if (isSwitchable(t)) { switchable[t.id] = after[t.id]; }
      if (before[t.id] && !after[t.id] && (activated[t.id] || activated[t.provider])) { revoked.push(t.id); }
    });
    postLog({ format: 1, rid: rid, notice: config.notice, time: time, choices: switchable });
    var event;
    try {
      event = new CustomEvent('disclosure-consent-change', {
        detail: { choices: after, revoked: revoked, rid: rid, time: time }
      });
    } catch (e) {
      event = doc.createEvent('CustomEvent');
      event.initCustomEvent('disclosure-consent-change', false, false, { choices: after, revoked: revoked, rid: rid, time: time });
    }
    doc.dispatchEvent(event);
    announce();
  }

  function postLog(body) {
    if (!config.log || typeof window.fetch !== 'function') { return; }
    try {
      window.fetch(config.log, {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: true,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      }).catch(function () { /* the log never blocks the page */ });
    } catch (e) {
      // ignored, as above
    }
  }

  function announce() {
    if (!statusBox) { return; }
    var text = statusBox.getAttribute('data-dc-saved') || '';
    statusBox.textContent = '';
    // a fresh text node after a tick, so that the same message is announced again
    window.setTimeout(function () { statusBox.textContent = text; }, 50);
  }

  // ---- the banner ---------------------------------------------------------------------------

  function setReserve(rem) {
    var cl = doc.documentElement.classList;
    Array.prototype.slice.call(cl).forEach(function (c) {
      if (/^dc-reserve(-\d+)?$/.test(c)) { cl.remove(c); }
    });
    if (rem > 0) {
      cl.add('dc-reserve');
      cl.add('dc-reserve-' + Math.min(rem, MAX_RESERVE_REM));
    }
  }

  // The banner is fixed at the bottom; the page keeps that much room below its content (classes
  // on <html>, rounded up to a whole rem) so that the banner never covers the page's own controls.
  function updateReserve() {
    if (!banner || banner.hidden) {
      setReserve(0);
      return;
    }
    var remPx = parseFloat(window.getComputedStyle(doc.documentElement).fontSize) || 16;
    setReserve(Math.ceil(banner.getBoundingClientRect().height / remPx));
  }

  function showBanner() {
    var changes = banner.querySelector('.dc-changes');
    var summary = banner.querySelector('.dc-summary-block');
    if (changes) {
      changes.hidden = !reasking;
      if (reasking) { fillChanges(changes); }
    }
    if (summary) { summary.hidden = reasking && !!changes; }
    var anySwitchable = pending.some(isSwitchable);
    Array.prototype.forEach.call(banner.querySelectorAll('button[data-dc-action]'), function (b) {
      var action = b.getAttribute('data-dc-action');
      if (action === 'accept-all' || action === 'reject-all') { b.hidden = !anySwitchable; }
      var label = b.getAttribute(reasking ? 'data-dc-changes-label' : 'data-dc-label');
      if (reasking && !b.hasAttribute('data-dc-label')) { b.setAttribute('data-dc-label', b.textContent); }
      if (label) { b.textContent = label; }
    });
    banner.hidden = false;
    root.classList.add('dc-open');
    updateReserve();
  }

  function hideBanner() {
    if (banner) { banner.hidden = true; }
    updateReserve();
  }

  function itemsOf(t, wanted) {
    var nodes = t.el.querySelectorAll('[data-item]');
    return Array.prototype.filter.call(nodes, function (n) {
      return wanted.indexOf(n.getAttribute('data-item')) >= 0;
    });
  }

  function groupTitle(t) {
    var group = t.el.closest('.dc-group');
    var title = group && group.querySelector('.dc-group-title');
    return (title || t.el.querySelector('.dc-transmission-title') || t.el).textContent.replace(/\s+/g, ' ').trim();
  }

  // Lists only what changed: a new transmission whole; a changed one by its new items (labels
  // cloned from the dialog's markup), or whole when the stored items do not say what is new.
  function fillChanges(box) {
    var list = box.querySelector('.dc-changes-list');
    if (!list) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    pending.forEach(function (t) {
      var entry = entryFor(t.id);
      var before = entry && Array.isArray(agreedItems[t.id]) ? agreedItems[t.id] : null;
      var added = before ? t.items.filter(function (i) { return before.indexOf(i) < 0; }) : t.items;
      var whole = !entry || !before || added.length === 0;
      var shown = whole ? t.items : added;
      var li = doc.createElement('li');
      li.setAttribute('data-transmission', t.id);
      li.setAttribute('data-dc-change', entry ? 'changed' : 'new');
      var name = doc.createElement('strong');
      name.className = 'dc-change-recipient';
      name.textContent = groupTitle(t);
      li.appendChild(name);
      var kindText = box.getAttribute(entry ? (whole ? 'data-dc-text-changed' : 'data-dc-text-added') : 'data-dc-text-new');
      var basisText = t.el.querySelector('.dc-transmission-title');
      var lead = doc.createElement('span');
      lead.className = 'dc-change-kind';
      lead.textContent = [kindText, basisText ? basisText.textContent.replace(/\s+/g, ' ').trim() : '']
        .filter(function (s) { return s; }).join(' / ');
      li.appendChild(lead);
      var ul = doc.createElement('ul');
      ul.className = 'dc-change-items';
      itemsOf(t, shown).forEach(function (node) {
        var item = doc.createElement('li');
        item.setAttribute('data-item', node.getAttribute('data-item'));
        item.textContent = node.textContent.replace(/\s+/g, ' ').trim();
        ul.appendChild(item);
      });
      li.appendChild(ul);
      list.appendChild(li);
    });
  }

  // ---- the dialog -----------------------------------------------------------------------------

  function setSwitch(input, value) {
    input.checked = value;
    syncAria(input);
  }

  // aria-checked mirrors the native state (validators require it with role="switch")
  function syncAria(input) {
    input.setAttribute('aria-checked', input.checked ? 'true' : 'false');
  }

  function syncSwitches() {
    transmissions.forEach(function (t) {
      if (t.input) { setSwitch(t.input, allowedT(t)); }
    });
  }

  function isShown(el) {
    if (!el || !el.isConnected || el.closest('[hidden]')) { return false; }
    if (typeof el.checkVisibility === 'function') { return el.checkVisibility(); }
    return el.getClientRects().length > 0;
  }

  function focusables(container) {
    var nodes = container.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])');
    return Array.prototype.filter.call(nodes, function (el) {
      return !el.disabled && el.tabIndex >= 0 && isShown(el);
    });
  }

  function isOpen() {
    return !!dialog && dialog.hasAttribute('open');
  }

  function openDialog(from) {
    if (!dialog || isOpen()) { return; }
    opener = from || (doc.activeElement !== doc.body ? doc.activeElement : null);
    syncSwitches();
    root.classList.add('dc-open');
    if (typeof dialog.showModal === 'function') {
      dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
      dialog.classList.add('dc-dialog-fallback');
    }
    dialog.focus();
  }

  function closeDialog() {
    if (!isOpen()) { return; }
    if (typeof dialog.close === 'function') {
      dialog.close();
    } else {
      dialog.removeAttribute('open');
      dialog.classList.remove('dc-dialog-fallback');
    }
    var target = opener;
    opener = null;
    if (!isShown(target)) {
      // the button that opened it went with the banner: the page's own settings control, if any
      target = Array.prototype.filter.call(doc.querySelectorAll('[data-dc-open]'), isShown)[0] || null;
    }
    if (target) {
      target.focus();
    } else if (doc.activeElement && doc.activeElement.blur) {
      doc.activeElement.blur();
    }
  }

  function trapTab(event) {
    var items = focusables(dialog);
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    var first = items[0];
    var last = items[items.length - 1];
    var active = doc.activeElement;
    if (event.shiftKey && (active === first || active === dialog || !dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  // ---- actions --------------------------------------------------------------------------------

  function bannerChoices(value) {
    // Accept or reject what the banner asks about; every other choice stays as it was.
    var choices = currentChoices();
    pending.forEach(function (t) {
      if (isSwitchable(t)) { choices[t.id] = value; }
    });
    return choices;
  }

  function dialogChoices() {
    var choices = currentChoices();
    transmissions.forEach(function (t) {
      if (t.input) { choices[t.id] = t.input.checked; }
    });
    return choices;
  }

  function setAllSwitches(value) {
    transmissions.forEach(function (t) {
      if (t.input) { setSwitch(t.input, value); }
    });
  }

  function finish(choices) {
    save(choices);
    hideBanner();
    if (isOpen()) {
      closeDialog();
    } else {
      var target = Array.prototype.filter.call(doc.querySelectorAll('[data-dc-open]'), isShown)[0];
      if (target && root.contains(doc.activeElement)) { target.focus(); }
    }
  }

  function act(action, button) {
    var inDialog = dialog.contains(button);
    if (action === 'settings') {
      openDialog(button);
    } else if (action === 'close') {
      closeDialog();
    } else if (action === 'save') {
      finish(dialogChoices());
    } else if (action === 'accept-all' || action === 'reject-all') {
      var value = action === 'accept-all';
      if (inDialog) {
        setAllSwitches(value);
        finish(dialogChoices());
      } else {
        finish(bannerChoices(value));
      }
    } else if (action === 'dismiss') {
      // seen: the defaults are recorded (consent stays off, opt-out stays on)
      finish(currentChoices());
    }
  }

  function onClick(event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    var button = target.closest('[data-dc-action]');
    if (button && root.contains(button)) {
      event.preventDefault();
      act(button.getAttribute('data-dc-action'), button);
      return;
    }
    var open = target.closest('[data-dc-open]');
    if (open) {
      event.preventDefault();
      openDialog(open);
    }
  }

  function onKeydown(event) {
    if (!isOpen()) { return; }
    if (event.key === 'Escape' || event.key === 'Esc') {
      event.preventDefault();
      closeDialog();
    } else if (event.key === 'Tab') {
      trapTab(event);
    } else if (event.key === 'Enter' && event.target instanceof HTMLInputElement &&
               event.target.hasAttribute('data-dc-switch') && dialog.contains(event.target)) {
      // a switch toggles with Enter as with Space
      event.preventDefault();
      event.target.click();
    }
  }

  // ---- start ----------------------------------------------------------------------------------

  function fallbackApi() {
    // No usable panel: nothing is switched on; essential and notice tags are not known either.
    window.disclosureConsent = {
      allowed: function () { return false; },
      open: function () {},
      choices: function () { return {}; },
      activate: function () {}
    };
  }

  function init() {
    root = doc.querySelector('[data-disclosure-consent]');
    if (!root) { fallbackApi(); return; }
    config = readConfig();
    if (!config) { fallbackApi(); return; }
    banner = pick('.dc-banner');
    dialog = pick('.dc-dialog');
    statusBox = pick('.dc-status');
    if (!banner || !dialog) { fallbackApi(); return; }
    transmissions = readTransmissions();
    transmissions.forEach(function (t) { byId[t.id] = t; });
    stored = readCookie();
    agreedItems = readItems();
    pending = transmissions.filter(needsTelling);
    reasking = !!stored && pending.length > 0;

    window.disclosureConsent = {
      allowed: function (id) { return allowed(String(id)); },
      open: function () { openDialog(null); },
      choices: currentChoices,
      activate: activate
    };

    root.hidden = false;
    dialog.addEventListener('keydown', onKeydown);
    dialog.addEventListener('change', function (event) {
      if (event.target instanceof HTMLInputElement && event.target.hasAttribute('data-dc-switch')) {
        syncAria(event.target);
      }
    });
    dialog.addEventListener('cancel', function (event) {
      event.preventDefault();
      closeDialog();
    });
    doc.addEventListener('click', onClick);
    syncSwitches();
    if (pending.length > 0) {
      showBanner();
    } else {
      hideBanner();
    }
    if (typeof window.ResizeObserver === 'function') {
      new window.ResizeObserver(updateReserve).observe(banner);
    }
    window.addEventListener('resize', updateReserve);
    activate();
  }

  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
