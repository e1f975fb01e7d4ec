// Browser test of the consent panel (src/runtime/assets) in the machine's Chromium.
//
//     cd tests/browser && npm ci && node consent.mjs
//
// Serves the fixture pages from 127.0.0.1 (the strict CSP sent as a header), maps every
// third-party host the tags use to one local https server (Chromium's --host-resolver-rules, with
// a self-signed certificate made for the run and --ignore-certificate-errors; every other host
// resolves to nothing, so the test never reaches the network), and proves the flows a–j of
// docs/consent-markup.md. One line per flow; exits 1 when any flow fails.
//
// Writes to target/browser/: screenshots (banner and dialog, ja and en, 390 and 1200 px wide),
// one HAR per session with `<name>.choices.json` beside it (the cookie choices in force at its
// end), and the fixture fragments as rendered.
//
// Environment: CHROMIUM (default /usr/bin/chromium); DC_FLOWS=a,c,… runs only those flows (flow i
// needs a–d and h); DC_ASSETS=DIR serves the script and stylesheet from DIR instead of src/runtime/assets
// (mutations.mjs uses both, and DC_OUT=DIR to write its artefacts elsewhere).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as acorn from 'acorn';
import {
  CSP_STRICT, CSP_WITH_TAGS, THIRD_PARTY_HOSTS, makeCertificate, startSite, startThirdParty,
} from './servers.mjs';
import { FRAGMENTS } from './fixtures/fragment.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const ASSETS = process.env.DC_ASSETS ? path.resolve(process.env.DC_ASSETS) : path.join(REPO, 'src', 'runtime', 'assets');
const ONLY = process.env.DC_FLOWS ? new Set(process.env.DC_FLOWS.split(',').map((f) => f.trim())) : null;
const SITE = path.join(HERE, 'fixtures', 'site');
const OUT = process.env.DC_OUT ? path.resolve(process.env.DC_OUT) : path.join(REPO, 'target', 'browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SECURE_HOST = 'shop.fixture.test';
const COOKIE = /^1\.([0-9a-f]{16})\.([0-9]{1,12})\.((?:[a-z0-9._-]+:[01]:[a-z0-9]{1,64})(?:~[a-z0-9._-]+:[01]:[a-z0-9]{1,64})*)?$/;
const CONSENT_HOSTS = ['www.googletagmanager.com', 'region1.google-analytics.com', 'www.youtube-nocookie.com', 'www.facebook.com'];
const WIDTHS = { 390: { width: 390, height: 844 }, 1200: { width: 1200, height: 800 } };

// ---- small assertion helpers ------------------------------------------------------------------

class Failure extends Error {}

function check(condition, message) {
  if (!condition) { throw new Failure(message); }
}

function same(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) { throw new Failure(`${message}\n      expected ${e}\n      got      ${a}`); }
}

async function until(what, fn, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) { return value; }
    if (Date.now() > deadline) { throw new Failure(`timed out waiting for ${what}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
}

// An object with its keys in order, for comparing maps whose order is not the point.
function sortedKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function parseCookie(value) {
  const m = COOKIE.exec(value || '');
  if (!m) { return null; }
  const entries = {};
  for (const e of (m[3] || '').split('~').filter(Boolean)) {
    const [id, v, fp] = e.split(':');
    entries[id] = { value: v === '1', fingerprint: fp };
  }
  return { rid: m[1], time: Number(m[2]), entries };
}

// ---- the run ----------------------------------------------------------------------------------

if (!fs.existsSync(CHROMIUM)) {
  console.error(`consent.mjs: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  process.exit(2);
}
fs.mkdirSync(OUT, { recursive: true });
for (const f of fs.readdirSync(OUT)) {
  if (/\.(png|har|json|jsonl|html)$/.test(f)) { fs.rmSync(path.join(OUT, f)); }
}
// The fragments: those `cargo disclosure generate --format consent` wrote into DC_FRAGMENTS (the
// fixture projects under fixtures/project), else the reference renderer's.
const FRAGMENT_DIR = process.env.DC_FRAGMENTS ? path.resolve(process.env.DC_FRAGMENTS) : null;
const fragments = Object.fromEntries(Object.entries(FRAGMENTS).map(([name, render]) => [
  name, FRAGMENT_DIR ? fs.readFileSync(path.join(FRAGMENT_DIR, name), 'utf8') : render(),
]));
for (const [name, html] of Object.entries(fragments)) { fs.writeFileSync(path.join(OUT, name), html); }
// Each unit's fingerprint, as the fragment of each version states it.
function fingerprints(html) {
  const out = {};
  for (const m of html.matchAll(/data-transmission="([^"]+)"[^>]*data-fingerprint="([^"]+)"/g)) { out[m[1]] = m[2]; }
  return out;
}
const FP1 = fingerprints(fragments['fragment-v1.html']);
const FP2 = fingerprints(fragments['fragment-v2.html']);
const CONFIG1 = JSON.parse(/id="disclosure-consent-config">([^<]*)<\/script>/.exec(fragments['fragment-v1.html'])[1]);

const tls = makeCertificate([...THIRD_PARTY_HOSTS, SECURE_HOST]);
const third = await startThirdParty(tls);
const cspFor = (page) => (page === 'strict.html' || page === 'csp-control.html' ? CSP_STRICT : CSP_WITH_TAGS);
const siteOptions = { siteDir: SITE, assetsDir: ASSETS, fragments, csp: cspFor };
const site = await startSite(siteOptions);
const secureSite = await startSite(siteOptions, tls);
const ORIGIN = `http://127.0.0.1:${site.port}`;
const SECURE_ORIGIN = `https://${SECURE_HOST}`;

const rules = THIRD_PARTY_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${third.port}`)
  .concat([`MAP ${SECURE_HOST} 127.0.0.1:${secureSite.port}`, 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1']);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--ignore-certificate-errors', `--host-resolver-rules=${rules.join(', ')}`,
  ],
});

// Every CSP violation any page reported, from the page's own event and from the console.
const cspReports = [];
let cspControl = false; // set while the negative-control page is open: its reports are expected

async function session({ size = WIDTHS[1200], har = null, storageState, motion = 'reduce' } = {}) {
  const context = await browser.newContext({
    viewport: size,
    ignoreHTTPSErrors: true,
    reducedMotion: motion,
    storageState,
    recordHar: har ? { path: path.join(OUT, `${har}.har`), content: 'embed', mode: 'full' } : undefined,
  });
  await context.addInitScript(() => {
    window.__dc = { violations: [], events: [] };
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__dc.violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
    });
    document.addEventListener('disclosure-consent-change', (e) => { window.__dc.events.push(e.detail); });
  });
  const requests = [];
  context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), time: Date.now() }));
  context.on('page', (p) => p.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) {
      (cspControl ? [] : cspReports).push({ page: p.url(), text: m.text() });
    }
  }));
  const page = await context.newPage();
  return { context, page, requests, har };
}

async function collectViolations(page) {
  const found = await page.evaluate(() => (window.__dc ? window.__dc.violations.splice(0) : []));
  for (const v of found) { if (!cspControl) { cspReports.push({ page: page.url(), ...v }); } }
  return found;
}

async function open(page, url) {
  if (page.url().startsWith('http')) { await collectViolations(page); }
  const response = await page.goto(url, { waitUntil: 'load' });
  check(response && response.ok(), `${url} did not load`);
  await page.waitForLoadState('networkidle');
  return response;
}

async function reload(page) {
  await collectViolations(page);
  await page.reload({ waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
}

const hostOf = (url) => { try { return new URL(url).hostname; } catch { return ''; } };
const attempted = (requests, host, since = 0) => requests.filter((r) => hostOf(r.url) === host && r.time >= since);
const reached = (host, since = 0, pathPart = '') =>
  third.log.filter((r) => r.host === host && r.time >= since && r.path.includes(pathPart));

async function cookieOf(context, origin = ORIGIN) {
  const cookies = await context.cookies(origin);
  return cookies.find((c) => c.name === 'disclosure_consent') || null;
}

async function transmissionsOf(page) {
  return page.evaluate(() => {
    const lang = document.documentElement.lang;
    const dialog = document.querySelector(`.dc-dialog[lang="${lang}"]`) || document.querySelector('.dc-dialog');
    return Array.from(dialog.querySelectorAll('.dc-transmission')).map((el) => ({
      id: el.dataset.transmission,
      provider: el.dataset.provider,
      basis: el.dataset.basis,
      fingerprint: el.dataset.fingerprint,
      items: el.dataset.items.split(' '),
      labels: Object.fromEntries(Array.from(el.querySelectorAll('[data-item]')).map((i) => [i.dataset.item, i.textContent.trim()])),
      group: el.closest('.dc-group').querySelector('.dc-group-title').textContent.trim(),
    }));
  });
}

// Closes a session: writes `<har>.choices.json` (the cookie choices in force at its end) before the
// context flushes its HAR.
async function finish({ context, page, har }) {
  if (page.url().startsWith('http')) { await collectViolations(page); }
  if (har) {
    const origin = new URL(page.url()).origin;
    const cookie = await cookieOf(context, origin);
    const parsed = cookie ? parseCookie(cookie.value) : null;
    const list = await transmissionsOf(page);
    const allowed = await page.evaluate((ids) => Object.fromEntries(ids.map((id) => [id, window.disclosureConsent.allowed(id)])),
      list.map((t) => t.id));
    const providers = [...new Set(list.map((t) => t.provider))];
    const choices = {
      format: 1,
      har: `${har}.har`,
      page: page.url(),
      cookie: cookie ? { name: cookie.name, value: cookie.value, path: cookie.path, secure: cookie.secure, sameSite: cookie.sameSite, expires: cookie.expires } : null,
      rid: parsed ? parsed.rid : null,
      time: parsed ? parsed.time : null,
      transmissions: list.map((t) => ({
        id: t.id, provider: t.provider, basis: t.basis, fingerprint: t.fingerprint,
        stored: parsed && parsed.entries[t.id] ? parsed.entries[t.id].value : null,
        stored_fingerprint: parsed && parsed.entries[t.id] ? parsed.entries[t.id].fingerprint : null,
        allowed: allowed[t.id],
      })),
      // providers none of whose transmissions the page may make: `verify --opted-out` for each
      opted_out: providers.filter((p) => list.filter((t) => t.provider === p).every((t) => !allowed[t.id])),
    };
    fs.writeFileSync(path.join(OUT, `${har}.choices.json`), JSON.stringify(choices, null, 2) + '\n');
  }
  await context.close();
}

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    const cdp = await page.context().newCDPSession(page);
    // through the DevTools protocol: an injected <script> would itself break the page's CSP
    await cdp.send('Runtime.evaluate', { expression: AXE_SOURCE });
    await cdp.detach();
  }
  return page.evaluate(() => window.axe.run({ include: [['.disclosure-consent']] }, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))));
}

const bannerOf = (page, lang = 'ja') => page.locator(`.dc-banner[lang="${lang}"]`);
const dialogOf = (page, lang = 'ja') => page.locator(`.dc-dialog[lang="${lang}"]`);

async function describeFocus(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) { return 'body'; }
    const action = el.getAttribute('data-dc-action');
    const where = el.closest('.dc-dialog') ? 'dialog' : el.closest('.dc-banner') ? 'banner' : 'page';
    if (el.classList.contains('dc-dialog')) { return 'dialog'; }
    if (action) { return `${where}:${action}`; }
    if (el.hasAttribute('data-dc-switch')) { return `switch:${el.getAttribute('data-dc-switch')}`; }
    if (el.hasAttribute('data-dc-open')) { return 'page:open-settings'; }
    return `${where}:${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}:${(el.textContent || '').trim().slice(0, 20)}`;
  });
}

// The controls Tab should reach inside `selector`, in document order.
async function expectedFocusOrder(page, selector) {
  return page.evaluate((sel) => {
    const box = document.querySelector(sel);
    const nodes = box.querySelectorAll('a[href], button, input, select, textarea, summary, iframe, [tabindex]:not([tabindex="-1"])');
    return Array.from(nodes).filter((el) => !el.disabled && el.tabIndex >= 0 && el.checkVisibility()).map((el) => {
      const action = el.getAttribute('data-dc-action');
      const where = el.closest('.dc-dialog') ? 'dialog' : el.closest('.dc-banner') ? 'banner' : 'page';
      if (action) { return `${where}:${action}`; }
      if (el.hasAttribute('data-dc-switch')) { return `switch:${el.getAttribute('data-dc-switch')}`; }
      return `${where}:${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}:${(el.textContent || '').trim().slice(0, 20)}`;
    });
  }, selector);
}

// ---- the flows --------------------------------------------------------------------------------

const results = [];
let skipped = 0;

async function flow(key, title, fn) {
  if (ONLY && !ONLY.has(key)) {
    skipped += 1;
    return;
  }
  const started = Date.now();
  try {
    const detail = await fn();
    results.push(true);
    console.log(`ok   ${key}. ${title}${detail ? ` (${detail})` : ''} [${Date.now() - started} ms]`);
  } catch (error) {
    results.push(false);
    const message = error instanceof Failure ? error.message : (error && error.stack) || String(error);
    console.log(`FAIL ${key}. ${title}: ${message}`);
  }
}

await flow('a', 'first visit: the notice shows, nothing that needs consent is sent, essential/notice/opt-out tags load', async () => {
  const s = await session({ har: 'a-first-visit' });
  const { page, requests, context } = s;
  const since = Date.now();
  await open(page, `${ORIGIN}/site/ja.html`);
  const banner = bannerOf(page);
  check(await banner.isVisible(), 'the Japanese banner is not shown on a first visit');
  check(!(await bannerOf(page, 'en').isVisible()), 'the English banner shows on a Japanese page');
  check(!(await dialogOf(page).evaluate((d) => d.open)), 'the settings dialog opened without the user asking');
  check(await cookieOf(context) === null, 'a consent cookie was written before any choice');
  // nothing to a `consent` transmission's host, attempted or reached
  for (const host of CONSENT_HOSTS) {
    same(attempted(requests, host, since).map((r) => r.url), [], `requests to ${host} (consent) before consent`);
    same(reached(host, since).length, 0, `requests reaching ${host} before consent`);
  }
  same(reached('browser.sentry-cdn.com', since, 'replay').length, 0, 'the consent-basis Sentry replay tag loaded before consent');
  check(reached('browser.sentry-cdn.com', since, 'bundle').length === 1, 'the notice-basis Sentry tag did not load');
  check(reached('d1fixture.cloudfront.net', since).length === 1, 'the essential CloudFront image did not load');
  check(reached('www.clarity.ms', since, '/tag/').length === 1, 'the opt-out-basis Clarity tag did not load by default');
  // the required items: every recipient named at once, data and purposes one operation away, the notice linked
  const list = await transmissionsOf(page);
  const leadText = await banner.locator('.dc-lead').innerText();
  for (const t of list) {
    const service = t.group.split(/[（(]/)[0].trim();
    check(leadText.includes(service), `the banner's summary does not name ${service}`);
  }
  const summaryItems = banner.locator('.dc-summary > li');
  check(!(await summaryItems.first().isVisible()), 'the per-recipient list is open before the user asks (expected a summary)');
  const link = banner.locator('.dc-notice-link a');
  check(await link.isVisible(), 'the link to the full notice is not visible');
  const href = await link.evaluate((a) => a.href);
  const notice = await context.request.get(href);
  check(notice.ok(), `the notice link ${href} does not load`);
  await banner.locator('.dc-details summary').click();
  for (const t of list) {
    const li = banner.locator(`.dc-summary > li[data-transmission="${t.id}"]`);
    check(await li.isVisible(), `after one click, ${t.id} is not listed in the banner`);
    const text = await li.innerText();
    const recipient = (await li.locator('.dc-recipient').innerText()).trim();
    check(recipient && t.group.startsWith(recipient.split(/[（(]/)[0].trim()), `${t.id}: the banner's recipient "${recipient}" is not the dialog's "${t.group}"`);
    for (const [item, label] of Object.entries(t.labels)) {
      check(text.includes(label), `${t.id}: the banner does not show ${item} ("${label}")`);
    }
  }
  const api = await page.evaluate(() => ['google-analytics', 'youtube', 'microsoft-clarity', 'sentry.notice', 'sentry.consent', 'amazon-cloudfront', 'sentry', 'no-such-thing']
    .map((id) => [id, window.disclosureConsent.allowed(id)]));
  same(api, [['google-analytics', false], ['youtube', false], ['microsoft-clarity', true], ['sentry.notice', true],
    ['sentry.consent', false], ['amazon-cloudfront', true], ['sentry', false], ['no-such-thing', false]], 'allowed() on a first visit');
  await finish(s);
  return `${list.length} transmissions; notice, essential and opt-out tags loaded; no request to ${CONSENT_HOSTS.length} consent hosts`;
});

await flow('b', 'accept one consent transmission in settings: its tag runs, the choice survives a reload', async () => {
  const s = await session({ har: 'b-accept-one' });
  const { page, context, requests } = s;
  await open(page, `${ORIGIN}/site/ja.html`);
  const posts = site.log.posts.length;
  await bannerOf(page).locator('[data-dc-action="settings"]').click();
  const dialog = dialogOf(page);
  check(await dialog.evaluate((d) => d.open && d.matches(':modal')), 'settings did not open a modal dialog');
  const ga = dialog.locator('input[data-dc-switch="google-analytics"]');
  check(!(await ga.isChecked()), 'the consent switch is on before the user agreed');
  check(await dialog.locator('input[data-dc-switch="microsoft-clarity"]').isChecked(), 'the opt-out switch is off by default');
  same(await dialog.locator('input[data-dc-switch="sentry.notice"], input[data-dc-switch="amazon-cloudfront"]').count(), 0,
    'notice/essential transmissions have a switch');
  await dialog.locator('label[for="dc-switch-google-analytics-ja"]').click();
  check(await ga.isChecked(), 'clicking the label did not switch Google Analytics on');
  const saved = Date.now();
  await dialog.locator('[data-dc-action="save"]').click();
  await until('the gtag request', () => reached('www.googletagmanager.com', saved).length > 0);
  await until('the collect hit', () => reached('region1.google-analytics.com', saved, '/g/collect').length > 0);
  check(!(await dialog.evaluate((d) => d.open)), 'the dialog stayed open after save');
  check(!(await bannerOf(page).isVisible()), 'the banner stayed after save');
  same(await describeFocus(page), 'page:open-settings', 'focus after save (the banner that opened the dialog is gone)');
  same(attempted(requests, 'www.youtube-nocookie.com').length, 0, 'YouTube requested without consent');
  // the activated script keeps the inert one's nonce and async
  same(await page.evaluate(() => {
    const s2 = document.querySelector('script[src^="https://www.googletagmanager.com/"]');
    return s2 && [s2.nonce, s2.async, s2.getAttribute('data-disclosure')];
  }), ['fixture-nonce', true, 'google-analytics'], 'the activated gtag script (nonce, async, data-disclosure)');
  const cookie = await cookieOf(context);
  check(cookie, 'no consent cookie after save');
  const parsed = parseCookie(cookie.value);
  check(parsed, `the cookie "${cookie.value}" does not follow 1.<rid>.<time>.<entries>`);
  same(sortedKeys(parsed.entries), sortedKeys({
    'google-analytics': { value: true, fingerprint: FP1['google-analytics'] }, youtube: { value: false, fingerprint: FP1.youtube },
    'microsoft-clarity': { value: true, fingerprint: FP1['microsoft-clarity'] }, 'sentry.notice': { value: true, fingerprint: FP1['sentry.notice'] },
    'sentry.consent': { value: false, fingerprint: FP1['sentry.consent'] }, 'amazon-cloudfront': { value: true, fingerprint: FP1['amazon-cloudfront'] },
  }), 'cookie entries');
  same([cookie.path, cookie.sameSite, cookie.secure, cookie.httpOnly], ['/', 'Lax', false, false], 'cookie attributes on http');
  const maxAge = cookie.expires - parsed.time;
  check(Math.abs(maxAge - 395 * 86400) < 120, `cookie Max-Age is ${maxAge} s, not 395 days`);
  check(Math.abs(parsed.time - Date.now() / 1000) < 120, 'the cookie time is not now');
  await until('the choice log POST', () => site.log.posts.length > posts);
  const post = site.log.posts[site.log.posts.length - 1];
  same(post.type, 'application/json', 'log POST content type');
  same({ ...post.body, choices: sortedKeys(post.body.choices) }, {
    format: 1, rid: parsed.rid, notice: CONFIG1.notice, time: parsed.time,
    choices: sortedKeys({ 'google-analytics': true, youtube: false, 'microsoft-clarity': true, 'sentry.consent': false }),
  }, 'the logged choice');
  const events = await page.evaluate(() => window.__dc.events);
  same(events.length, 1, 'disclosure-consent-change events');
  same(events[0].choices['google-analytics'], true, 'the change event');
  // reload: choice kept, banner not shown, the tag runs again by itself
  const reloaded = Date.now();
  await reload(page);
  check(!(await bannerOf(page).isVisible()), 'the banner shows again after the choice was saved');
  await until('the gtag request after reload', () => reached('www.googletagmanager.com', reloaded).length > 0);
  same(attempted(requests, 'www.youtube-nocookie.com').length, 0, 'YouTube requested after reload');
  same(parseCookie((await cookieOf(context)).value).rid, parsed.rid, 'the rid after reload');
  await finish(s);

  // the same page over https: the cookie carries Secure, the log still goes to the same origin
  const t = await session();
  const securePosts = secureSite.log.posts.length;
  await open(t.page, `${SECURE_ORIGIN}/site/ja.html`);
  await bannerOf(t.page).locator('[data-dc-action="accept-all"]').click();
  const secure = await until('the https cookie', () => cookieOf(t.context, SECURE_ORIGIN));
  same([secure.secure, secure.sameSite], [true, 'Lax'], 'cookie attributes on https');
  await until('the https log POST', () => secureSite.log.posts.length > securePosts);
  await finish(t);
  return `cookie ${cookie.value.length} chars; log POSTed; Secure on https`;
});

await flow('c', 'opt out of an opt-out transmission: no further request to its host, across a reload', async () => {
  const s = await session({ har: 'c-opt-out' });
  const { page, context, requests } = s;
  const since = Date.now();
  await open(page, `${ORIGIN}/site/ja.html`);
  check(reached('www.clarity.ms', since, '/tag/').length === 1, 'the Clarity tag did not load before the opt-out');
  // control: while allowed, the page's action does reach Clarity
  const before = Date.now();
  await page.locator('#add-to-cart').click();
  await until('the Clarity event before the opt-out', () => reached('www.clarity.ms', before, 'add_to_cart').length > 0);
  await bannerOf(page).locator('[data-dc-action="settings"]').click();
  const clarity = dialogOf(page).locator('input[data-dc-switch="microsoft-clarity"]');
  check(await clarity.isChecked(), 'the opt-out switch is off before the user switched it');
  await clarity.click();
  await dialogOf(page).locator('[data-dc-action="save"]').click();
  const optedOut = Date.now();
  same(await page.evaluate(() => window.disclosureConsent.allowed('microsoft-clarity')), false, 'allowed() after the opt-out');
  same((await page.evaluate(() => window.__dc.events))[0].revoked, ['microsoft-clarity'], 'the change event\'s revoked list');
  await page.locator('#add-to-cart').click();
  await page.waitForTimeout(300);
  await reload(page);
  await page.locator('#add-to-cart').click();
  await page.waitForLoadState('networkidle');
  same(attempted(requests, 'www.clarity.ms', optedOut).map((r) => r.url), [], 'requests to Clarity after the opt-out');
  same(reached('www.clarity.ms', optedOut).length, 0, 'requests reaching Clarity after the opt-out');
  same(parseCookie((await cookieOf(context)).value).entries['microsoft-clarity'], { value: false, fingerprint: FP1['microsoft-clarity'] }, 'the stored opt-out');
  check(!(await bannerOf(page).isVisible()), 'the banner shows again after the opt-out was saved');
  const state = await context.storageState();
  await finish(s);

  // a fresh session from the stored choices, recorded alone: its HAR must show no Clarity request
  const t = await session({ har: 'c-opted-out', storageState: state });
  const fresh = Date.now();
  await open(t.page, `${ORIGIN}/site/ja.html`);
  await t.page.locator('#add-to-cart').click();
  await reload(t.page);
  same(attempted(t.requests, 'www.clarity.ms').length, 0, 'requests to Clarity in a new session after the opt-out');
  check(reached('browser.sentry-cdn.com', fresh, 'bundle').length === 2, 'the notice tag stopped loading after the opt-out');
  await finish(t);
  return 'page action gated at once; tag inert after reload and in a new session';
});

await flow('d', 're-ask: a new consent transmission and a changed one show the banner again, listing only what changed', async () => {
  const s = await session({ har: 'd-re-ask' });
  const { page, context, requests } = s;
  await open(page, `${ORIGIN}/site/ja.html`);
  await bannerOf(page).locator('[data-dc-action="settings"]').click();
  await dialogOf(page).locator('input[data-dc-switch="google-analytics"]').click();
  await dialogOf(page).locator('[data-dc-action="save"]').click();
  const v1 = parseCookie((await cookieOf(context)).value);
  same(await page.evaluate(() => JSON.parse(localStorage.getItem('disclosure_consent_items'))['google-analytics']),
    ['data:ip_address', 'data:page_url', 'data:usage_history', 'data:cookie_id', 'purpose:analytics'], 'the stored items of Google Analytics');

  const v2Loaded = Date.now();
  await open(page, `${ORIGIN}/site/v2.html`);
  const banner = bannerOf(page);
  check(await banner.isVisible(), 'the banner is not shown again after the notice changed');
  check(await banner.locator('.dc-changes').isVisible(), 'the "what changed" part is hidden');
  check(!(await banner.locator('.dc-summary-block').isVisible()), 'the whole summary shows on a re-ask');
  const v2 = await transmissionsOf(page);
  const labels = Object.fromEntries(v2.map((t) => [t.id, t.labels]));
  const shown = await banner.locator('.dc-changes-list > li').evaluateAll((lis) => lis.map((li) => ({
    id: li.dataset.transmission,
    kind: li.dataset.dcChange,
    items: Array.from(li.querySelectorAll('.dc-change-items > li')).map((i) => [i.dataset.item, i.textContent.trim()]),
  })));
  // in the dialog's order
  same(shown, [
    { id: 'google-analytics', kind: 'changed', items: [['data:referrer', labels['google-analytics']['data:referrer']], ['purpose:website_improvement', labels['google-analytics']['purpose:website_improvement']]] },
    { id: 'meta-pixel', kind: 'new', items: Object.entries(labels['meta-pixel']) },
  ].sort((a, b) => v2.findIndex((t) => t.id === a.id) - v2.findIndex((t) => t.id === b.id)), 'the changes listed');
  const text = await banner.innerText();
  for (const t of v2.filter((x) => !['google-analytics', 'meta-pixel'].includes(x.id))) {
    check(!text.includes(t.group.split(/[（(]/)[0].trim()), `the unchanged ${t.id} is shown on the re-ask`);
  }
  same(await banner.locator('[data-dc-action="accept-all"]').innerText(), '変更に同意する', 'the accept button on a re-ask');
  // until the user answers, the changed consent is off and the others keep their choice
  same(await page.evaluate(() => ['google-analytics', 'meta-pixel', 'youtube', 'microsoft-clarity'].map((id) => window.disclosureConsent.allowed(id))),
    [false, false, false, true], 'allowed() before answering the re-ask');
  for (const host of ['www.googletagmanager.com', 'www.facebook.com', 'www.youtube-nocookie.com']) {
    same(attempted(requests, host, v2Loaded).length, 0, `requests to ${host} before the re-ask was answered`);
  }
  const accepted = Date.now();
  await banner.locator('[data-dc-action="accept-all"]').click();
  await until('the gtag request after re-consent', () => reached('www.googletagmanager.com', accepted).length > 0);
  await until('the Meta Pixel request', () => reached('www.facebook.com', accepted, '/tr').length > 0);
  const after = parseCookie((await cookieOf(context)).value);
  same(after.rid, v1.rid, 'the rid on a re-ask');
  same(after.entries.youtube, { value: false, fingerprint: FP1.youtube }, 'YouTube\'s refusal after the re-ask');
  same(after.entries['microsoft-clarity'], { value: true, fingerprint: FP1['microsoft-clarity'] }, 'Clarity\'s choice after the re-ask');
  same(after.entries['sentry.consent'], { value: false, fingerprint: FP1['sentry.consent'] }, 'Sentry replay\'s refusal after the re-ask');
  same(after.entries['google-analytics'], { value: true, fingerprint: FP2['google-analytics'] }, 'Google Analytics after the re-ask');
  same(after.entries['meta-pixel'], { value: true, fingerprint: FP2['meta-pixel'] }, 'Meta Pixel after the re-ask');
  same(attempted(requests, 'www.youtube-nocookie.com').length, 0, 'YouTube requested after accepting the changes');
  await reload(page);
  check(!(await bannerOf(page).isVisible()), 'the banner shows again after the changes were answered');
  await finish(s);

  // without the stored items (another browser profile, storage cleared), a changed transmission shows whole
  const t = await session();
  await t.context.addCookies([{ name: 'disclosure_consent', value: `1.${v1.rid}.${v1.time}.google-analytics:1:${FP1['google-analytics']}`, url: ORIGIN }]);
  await open(t.page, `${ORIGIN}/site/v2.html`);
  const whole = await bannerOf(t.page).locator('.dc-changes-list > li[data-transmission="google-analytics"] .dc-change-items > li')
    .evaluateAll((lis) => lis.map((li) => li.dataset.item));
  same(whole, v2.find((x) => x.id === 'google-analytics').items, 'a changed transmission without stored items');
  await finish(t);
  return 'changed: 2 new items of Google Analytics; new: Meta Pixel; YouTube, Clarity, Sentry kept';
});

await flow('e', 'keyboard only: Tab order, Enter/Space, Escape returns focus, focus trapped in the dialog', async () => {
  const s = await session();
  const { page, context } = s;
  await open(page, `${ORIGIN}/site/ja.html`);
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const bannerOrder = await expectedFocusOrder(page, '.dc-banner[lang="ja"]');
  same(bannerOrder.slice(-4), ['banner:accept-all', 'banner:reject-all', 'banner:settings', 'banner:dismiss'], 'the banner\'s buttons');
  const got = [];
  for (let i = 0; i < bannerOrder.length; i++) {
    await page.keyboard.press('Tab');
    got.push(await describeFocus(page));
  }
  same(got, bannerOrder, 'Tab order through the banner (first in the page)');
  await page.keyboard.press('Tab');
  check((await describeFocus(page)).startsWith('page:'), 'Tab after the banner does not reach the page');
  // Enter on the summary opens the details
  await page.keyboard.press('Shift+Tab');
  for (let i = 0; i < bannerOrder.length - 1; i++) { await page.keyboard.press('Shift+Tab'); }
  same(await describeFocus(page), bannerOrder[0], 'Shift+Tab back to the first control');
  await page.keyboard.press('Enter');
  check(await bannerOf(page).locator('.dc-details').evaluate((d) => d.open), 'Enter on the summary does not open it');
  // Enter on "settings" opens the dialog, focus moves into it
  while ((await describeFocus(page)) !== 'banner:settings') { await page.keyboard.press('Tab'); }
  await page.keyboard.press('Enter');
  const dialog = dialogOf(page);
  check(await dialog.evaluate((d) => d.open && d.matches(':modal')), 'Enter on settings did not open the modal dialog');
  same(await describeFocus(page), 'dialog', 'focus when the dialog opens');
  const dialogOrder = await expectedFocusOrder(page, '.dc-dialog[lang="ja"]');
  const switchable = (await transmissionsOf(page)).filter((t) => ['consent', 'opt_out'].includes(t.basis)).map((t) => `switch:${t.id}`);
  same(switchable.length, 4, 'switchable transmissions in the fixture');
  same(dialogOrder.filter((d) => d.startsWith('switch:')), switchable, 'the dialog\'s switches, in the dialog\'s order');
  const inDialog = [];
  for (let i = 0; i < dialogOrder.length; i++) {
    await page.keyboard.press('Tab');
    inDialog.push(await describeFocus(page));
  }
  same(inDialog, dialogOrder, 'Tab order through the dialog');
  await page.keyboard.press('Tab');
  same(await describeFocus(page), dialogOrder[0], 'Tab from the last control (trap: back to the first)');
  await page.keyboard.press('Shift+Tab');
  same(await describeFocus(page), dialogOrder[dialogOrder.length - 1], 'Shift+Tab from the first control (trap: to the last)');
  // Space and Enter operate a switch
  while ((await describeFocus(page)) !== 'switch:google-analytics') { await page.keyboard.press('Tab'); }
  const ga = dialog.locator('input[data-dc-switch="google-analytics"]');
  await page.keyboard.press('Space');
  same(await ga.isChecked(), true, 'Space on the switch');
  await page.keyboard.press('Enter');
  same(await ga.isChecked(), false, 'Enter on the switch');
  same(await dialog.evaluate((d) => d.open), true, 'Enter on a switch closed the dialog');
  // Escape closes without saving, focus back on the button that opened it
  await page.keyboard.press('Escape');
  same(await dialog.evaluate((d) => d.open), false, 'Escape did not close the dialog');
  same(await describeFocus(page), 'banner:settings', 'focus after Escape');
  same(await cookieOf(context), null, 'Escape saved a choice');
  // the page's own "cookie settings" control: Tab to it, Enter opens, Escape returns to it
  for (let i = 0; i < 40 && (await describeFocus(page)) !== 'page:open-settings'; i++) { await page.keyboard.press('Tab'); }
  same(await describeFocus(page), 'page:open-settings', 'Tab reaches the page\'s settings control');
  await page.keyboard.press('Enter');
  check(await dialog.evaluate((d) => d.open), 'Enter on the page\'s settings control did not open the dialog');
  await page.keyboard.press('Escape');
  same(await describeFocus(page), 'page:open-settings', 'focus after Escape (opened from the page)');
  // Space opens it too; switch one on with Space, save with Enter
  await page.keyboard.press('Space');
  check(await dialog.evaluate((d) => d.open), 'Space on the page\'s settings control did not open the dialog');
  while ((await describeFocus(page)) !== 'switch:youtube') { await page.keyboard.press('Tab'); }
  await page.keyboard.press('Space');
  while ((await describeFocus(page)) !== 'dialog:save') { await page.keyboard.press('Tab'); }
  await page.keyboard.press('Enter');
  same(await dialog.evaluate((d) => d.open), false, 'Enter on save did not close the dialog');
  same(await describeFocus(page), 'page:open-settings', 'focus after save');
  same(parseCookie((await cookieOf(context)).value).entries.youtube.value, true, 'the switch set with the keyboard was not saved');
  await finish(s);

  // a banner button with Space: reject
  const t = await session();
  await open(t.page, `${ORIGIN}/site/ja.html`);
  await t.page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < 10 && (await describeFocus(t.page)) !== 'banner:reject-all'; i++) { await t.page.keyboard.press('Tab'); }
  await t.page.keyboard.press('Space');
  check(!(await bannerOf(t.page).isVisible()), 'Space on reject did not close the banner');
  const rejected = parseCookie((await cookieOf(t.context)).value).entries;
  same([rejected['google-analytics'].value, rejected.youtube.value, rejected['microsoft-clarity'].value], [false, false, false], 'choices after reject');
  same(await describeFocus(t.page), 'page:open-settings', 'focus after the banner closed');
  await finish(t);
  return `${bannerOrder.length} banner and ${dialogOrder.length} dialog controls`;
});

// What a screen reader is told: the banner is a named region, the dialog a named modal dialog,
// each switch a switch named after its recipient, whose state follows the input's.
async function roles(page, lang) {
  const names = await page.evaluate((l) => ({
    banner: document.querySelector(`.dc-banner[lang="${l}"] h2`).textContent.trim(),
    dialog: document.querySelector(`.dc-dialog[lang="${l}"] h2`).textContent.trim(),
    switches: Array.from(document.querySelectorAll(`.dc-dialog[lang="${l}"] [data-dc-switch]`)).map((i) => i.labels[0].textContent.trim()),
  }), lang);
  check(await page.getByRole('region', { name: names.banner }).isVisible(), `${lang}: no region named "${names.banner}"`);
  await bannerOf(page, lang).locator('[data-dc-action="settings"]').click();
  check(await page.getByRole('dialog', { name: names.dialog }).isVisible(), `${lang}: no dialog named "${names.dialog}"`);
  same(names.switches.length, 4, `${lang}: switches in the dialog`);
  for (const name of names.switches) {
    const sw = page.getByRole('switch', { name, exact: true });
    same(await sw.count(), 1, `${lang}: switches named "${name}"`);
    const before = await sw.isChecked();
    await sw.click();
    same([await sw.isChecked(), await sw.getAttribute('aria-checked')], [!before, String(!before)], `${lang}: the state of "${name}" after a click`);
    await sw.click();
  }
  // the page behind the open modal dialog is inert: its controls cannot even take focus
  same(await page.locator('[data-dc-open]').evaluate((el) => { el.focus(); return document.activeElement === el; }), false,
    `${lang}: the page's controls take focus while the modal dialog is open`);
  await page.keyboard.press('Escape');
}

await flow('f', 'axe-core (WCAG 2.1 A/AA): no violation on the banner, the open dialog, the re-ask, at 390 and 1200 px; roles and names', async () => {
  let runs = 0;
  for (const lang of ['ja', 'en']) {
    for (const width of [390, 1200]) {
      const s = await session({ size: WIDTHS[width] });
      await open(s.page, `${ORIGIN}/site/${lang}.html`);
      same(await axe(s.page), [], `axe on the ${lang} banner at ${width} px`);
      if (width === 1200) { await roles(s.page, lang); }
      await bannerOf(s.page, lang).locator('.dc-details summary').click();
      same(await axe(s.page), [], `axe on the ${lang} banner, details open, at ${width} px`);
      await bannerOf(s.page, lang).locator('[data-dc-action="settings"]').click();
      same(await axe(s.page), [], `axe on the ${lang} dialog at ${width} px`);
      runs += 3;
      await finish(s);
    }
  }
  for (const width of [390, 1200]) {
    const s = await session({ size: WIDTHS[width] });
    await s.context.addCookies([{ name: 'disclosure_consent', value: `1.0123456789abcdef.1700000000.google-analytics:1:${FP1['google-analytics']}`, url: ORIGIN }]);
    await open(s.page, `${ORIGIN}/site/v2.html`);
    check(await bannerOf(s.page).locator('.dc-changes').isVisible(), 're-ask banner not shown');
    same(await axe(s.page), [], `axe on the re-ask banner at ${width} px`);
    runs += 1;
    await finish(s);
  }
  // control: the same check does catch a violation in the panel
  const c = await session();
  await open(c.page, `${ORIGIN}/site/ja.html`);
  await c.page.evaluate(() => document.querySelector('.dc-banner[lang="ja"] .dc-actions').appendChild(document.createElement('button')));
  const caught = (await axe(c.page)).map((v) => v.id);
  check(caught.includes('button-name'), `control: axe missed a nameless button (${caught.join(', ')})`);
  await finish(c);
  return `${runs} runs clean; the control run caught a nameless button`;
});

await flow('g', 'screenshots and layout at 390 and 1200 px, ja and en: nothing overflows, the banner covers no page control', async () => {
  const shots = [];
  let japanese = '';
  try { japanese = execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' }); } catch { japanese = ''; }
  check(japanese.trim() !== '', 'no Japanese font: the ja screenshots would show empty boxes (apt-get install fonts-noto-cjk)');
  for (const lang of ['ja', 'en']) {
    for (const width of [390, 1200]) {
      const s = await session({ size: WIDTHS[width] });
      const { page } = s;
      await open(page, `${ORIGIN}/site/${lang}.html`);
      const banner = bannerOf(page, lang);
      const layout = await page.evaluate(() => {
        const root = document.querySelector('.disclosure-consent');
        const banner = Array.from(root.querySelectorAll('.dc-banner')).find((b) => !b.hidden);
        const top = () => banner.getBoundingClientRect().top;
        const problems = [];
        if (document.documentElement.scrollWidth > window.innerWidth) { problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${window.innerWidth})`); }
        if (banner.scrollWidth > banner.clientWidth) { problems.push('the banner overflows sideways'); }
        if (banner.getBoundingClientRect().height > window.innerHeight * 0.75) { problems.push(`the banner takes ${Math.round(banner.getBoundingClientRect().height)} of ${window.innerHeight} px`); }
        // each of the page's own controls, brought into view as focus brings it, is not under the banner
        const controls = Array.from(document.querySelectorAll('a[href], button, input, iframe')).filter((el) => !root.contains(el));
        for (const el of controls) {
          el.focus({ preventScroll: true });
          el.scrollIntoView({ block: 'nearest' });
          const r = el.getBoundingClientRect();
          const x = r.left + Math.min(r.width / 2, 10);
          const y = r.top + r.height / 2;
          const hit = document.elementFromPoint(x, y);
          if (r.bottom > top() + 0.5 || !(hit === el || el.contains(hit))) {
            problems.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.title || el.id).trim().slice(0, 20)}" is under the banner (bottom ${Math.round(r.bottom)}, banner top ${Math.round(top())})`);
          }
        }
        // at the very end of the page, the last control sits above the banner
        window.scrollTo(0, document.documentElement.scrollHeight);
        const last = controls[controls.length - 1].getBoundingClientRect();
        if (last.bottom > top() + 0.5) { problems.push(`at the end of the page the last control (bottom ${Math.round(last.bottom)}) is under the banner (top ${Math.round(top())})`); }
        window.scrollTo(0, 0);
        document.activeElement.blur();
        return { problems, animation: getComputedStyle(banner).animationName };
      });
      same(layout.problems, [], `layout of the ${lang} banner at ${width} px`);
      same(layout.animation, 'none', 'the banner animates under prefers-reduced-motion: reduce');
      const bannerShot = path.join(OUT, `banner-${lang}-${width}.png`);
      await page.screenshot({ path: bannerShot });
      await banner.locator('[data-dc-action="settings"]').click();
      const dialogFits = await dialogOf(page, lang).evaluate((d) => {
        const r = d.getBoundingClientRect();
        return r.left >= 0 && r.right <= window.innerWidth && d.scrollWidth <= d.clientWidth;
      });
      check(dialogFits, `the ${lang} dialog does not fit ${width} px`);
      const dialogShot = path.join(OUT, `dialog-${lang}-${width}.png`);
      await page.screenshot({ path: dialogShot });
      for (const f of [bannerShot, dialogShot]) {
        check(fs.statSync(f).size > 5000, `${f} is empty`);
        shots.push(path.basename(f));
      }
      await finish(s);
    }
  }
  // the re-ask banner (a stored choice for version 1, the page at version 2)
  for (const width of [390, 1200]) {
    const s = await session({ size: WIDTHS[width] });
    await s.context.addCookies([{ name: 'disclosure_consent', value: `1.0123456789abcdef.1700000000.google-analytics:1:${FP1['google-analytics']}~youtube:0:${FP1.youtube}~microsoft-clarity:1:${FP1['microsoft-clarity']}~sentry.notice:1:${FP1['sentry.notice']}~sentry.consent:0:${FP1['sentry.consent']}~amazon-cloudfront:1:${FP1['amazon-cloudfront']}`, url: ORIGIN }]);
    await s.context.addInitScript(() => {
      localStorage.setItem('disclosure_consent_items', JSON.stringify({ 'google-analytics': ['data:ip_address', 'data:page_url', 'data:usage_history', 'data:cookie_id', 'purpose:analytics'] }));
    });
    await open(s.page, `${ORIGIN}/site/v2.html`);
    check(await bannerOf(s.page).locator('.dc-changes').isVisible(), 'the re-ask banner is not shown');
    const shot = path.join(OUT, `banner-changes-ja-${width}.png`);
    await s.page.screenshot({ path: shot });
    shots.push(path.basename(shot));
    await finish(s);
  }
  // motion, when the user did not ask for less
  const m = await session({ motion: 'no-preference' });
  await open(m.page, `${ORIGIN}/site/ja.html`);
  same(await bannerOf(m.page).evaluate((b) => getComputedStyle(b).animationName), 'dc-rise', 'the banner\'s animation without reduced motion');
  await finish(m);
  return `${shots.length} screenshots in target/browser`;
});

await flow('h', 'strict CSP: the panel works under the documented strict policy (docs/consent-markup.md), and no page reported a violation', async () => {
  // the script holds to the policy by construction: ES2017, nothing that needs 'unsafe-*'
  const source = fs.readFileSync(path.join(ASSETS, 'disclosure-consent.js'), 'utf8');
  try {
    acorn.parse(source, { ecmaVersion: 2017, sourceType: 'script' });
  } catch (error) {
    throw new Failure(`disclosure-consent.js is not ES2017: ${error.message}`);
  }
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  for (const [what, re] of [['eval', /\beval\s*\(/], ['new Function', /\bnew\s+Function\b/], ['innerHTML/outerHTML', /\b(inner|outer)HTML\b/],
    ['insertAdjacentHTML', /insertAdjacentHTML/], ['document.write', /document\.write/], ['.style', /\.style\b/],
    ['a style attribute', /setAttribute\(\s*['"]style/], ['an inline handler', /setAttribute\(\s*['"]on/], ['setTimeout with a string', /setTimeout\(\s*['"]/]]) {
    check(!re.test(code), `disclosure-consent.js uses ${what}`);
  }
  const css = fs.readFileSync(path.join(ASSETS, 'disclosure-consent.css'), 'utf8');
  check(!/@import|url\(/.test(css), 'the stylesheet loads something');

  const s = await session({ har: 'h-strict-csp' });
  const { page } = s;
  const posts = site.log.posts.length;
  const response = await open(page, `${ORIGIN}/site/strict.html`);
  same(response.headers()['content-security-policy'], CSP_STRICT, 'the policy the page was sent');
  check(await bannerOf(page).isVisible(), 'the banner is not shown under the strict policy');
  await bannerOf(page).locator('[data-dc-action="settings"]').click();
  await dialogOf(page).locator('input[data-dc-switch="google-analytics"]').click();
  await dialogOf(page).locator('[data-dc-action="save"]').click();
  await until('the first-party tag', () => page.evaluate(() => window.firstPartyTagRan === true));
  await until('the first-party collect', () => site.log.requests.some((r) => r.path.startsWith('/g/collect')));
  await until('the log POST', () => site.log.posts.length > posts);
  await page.locator('[data-dc-open]').click();
  check(await dialogOf(page).evaluate((d) => d.open), 'the dialog does not open from the page under the strict policy');
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.disclosureConsent.open());
  check(await dialogOf(page).evaluate((d) => d.open), 'disclosureConsent.open() does not open the dialog');
  await page.keyboard.press('Escape');
  check(!(await dialogOf(page).evaluate((d) => d.open)), 'Escape does not close the dialog opened by open()');
  await finish(s);

  // control: the same listeners do see a violation when a page has one
  cspControl = true;
  const c = await session();
  await c.page.goto(`${ORIGIN}/site/csp-control.html`);
  const seen = await until('the control page\'s violations', async () => {
    const v = await c.page.evaluate(() => window.__dc.violations);
    return v.length >= 2 ? v : null;
  });
  check(!(await c.page.evaluate(() => window.inlineRan === true)), 'control: the inline script ran under the strict policy');
  await c.context.close();
  cspControl = false;
  check(seen.some((v) => /style-src/.test(v.directive)) && seen.some((v) => /script-src/.test(v.directive)),
    `control: the violations seen were ${JSON.stringify(seen)}`);
  same(cspReports, [], 'CSP violations reported by the pages of flows a–h');
  return `no violation on any page; the control page's ${seen.length} were seen`;
});

await flow('i', 'HAR of each session written, with the cookie choices as JSON beside it', async () => {
  const hars = fs.readdirSync(OUT).filter((f) => f.endsWith('.har')).sort();
  same(hars, ['a-first-visit.har', 'b-accept-one.har', 'c-opt-out.har', 'c-opted-out.har', 'd-re-ask.har', 'h-strict-csp.har'], 'HAR files');
  const read = (f) => JSON.parse(fs.readFileSync(path.join(OUT, f), 'utf8'));
  const hosts = {};
  for (const f of hars) {
    const har = read(f);
    check(har.log && har.log.version && Array.isArray(har.log.entries) && har.log.entries.length > 0, `${f} is not a HAR with entries`);
    hosts[f] = har.log.entries.map((e) => ({ host: hostOf(e.request.url), url: e.request.url, method: e.request.method, post: e.request.postData }));
    const choices = read(f.replace(/\.har$/, '.choices.json'));
    same(choices.har, f, `${f}: its choices file`);
    if (choices.cookie) {
      const parsed = parseCookie(choices.cookie.value);
      check(parsed, `${f}: the cookie in its choices file does not parse`);
      for (const t of choices.transmissions) {
        same(t.stored, parsed.entries[t.id] ? parsed.entries[t.id].value : null, `${f}: ${t.id} in the choices file`);
      }
    }
  }
  const a = read('a-first-visit.choices.json');
  same(a.cookie, null, 'a: the cookie before any choice');
  same(a.opted_out.sort(), ['google-analytics', 'youtube'], 'a: the providers not to be contacted');
  check(!hosts['a-first-visit.har'].some((e) => CONSENT_HOSTS.includes(e.host)), 'a: the HAR has a request to a consent host');
  const b = hosts['b-accept-one.har'];
  check(b.some((e) => e.host === 'www.googletagmanager.com') && b.some((e) => e.host === 'region1.google-analytics.com'), 'b: the HAR lacks the Google Analytics requests');
  const logged = b.find((e) => e.method === 'POST' && e.url.endsWith('/disclosure/consent'));
  check(logged && logged.post && JSON.parse(logged.post.text).choices['google-analytics'] === true, 'b: the HAR lacks the logged choice');
  check(!b.some((e) => e.host === 'www.youtube-nocookie.com'), 'b: the HAR has a YouTube request');
  const c = read('c-opted-out.choices.json');
  same(c.opted_out.sort(), ['google-analytics', 'microsoft-clarity', 'youtube'], 'c: the providers not to be contacted');
  const cHar = hosts['c-opted-out.har'];
  check(!cHar.some((e) => c.opted_out.includes({ 'www.clarity.ms': 'microsoft-clarity', 'www.googletagmanager.com': 'google-analytics', 'www.youtube-nocookie.com': 'youtube' }[e.host])),
    'c: the opted-out session\'s HAR has a request to a provider not to be contacted');
  check(cHar.some((e) => e.host === 'browser.sentry-cdn.com') && cHar.some((e) => e.host === 'd1fixture.cloudfront.net'), 'c: the HAR lacks the notice/essential requests');
  const d = read('d-re-ask.choices.json');
  same(d.transmissions.filter((t) => t.allowed).map((t) => t.id).sort(),
    ['amazon-cloudfront', 'google-analytics', 'meta-pixel', 'microsoft-clarity', 'sentry.notice'], 'd: allowed at the end');
  return `${hars.length} HAR files, each with its choices`;
});

// The web application example (examples/webapp), served by its own Rust server (`webapp serve`,
// its URL in DC_WEBAPP): its page carries the panel its build script generated, the panel's script
// and stylesheet from `disclosure::runtime::panel`, and its Google Analytics tag inert until consent.
const WEBAPP = process.env.DC_WEBAPP ? process.env.DC_WEBAPP.replace(/\/$/, '') : null;
const GA_HOSTS = ['www.googletagmanager.com', 'region1.google-analytics.com'];

if (!WEBAPP && !(ONLY && !ONLY.has('j'))) {
  skipped += 1;
  console.log('skip j. the web application example: DC_WEBAPP is not set (start `webapp serve --addr 127.0.0.1:0` and give its URL)');
} else await flow('j', 'the web application example: its generated panel, no tag before consent, the tag after it, none after opting out across a reload, the server gate agreeing', async () => {
  const s = await session({ har: 'j-webapp' });
  const { page, context, requests } = s;
  const serverSays = () => page.evaluate(() => fetch('/api/consent').then((r) => r.json()));
  const pageSays = (ids) => page.evaluate((list) => Object.fromEntries(list.map((id) => [id, window.disclosureConsent.allowed(id)])), ids);
  const agree = async (when) => {
    const server = await serverSays();
    same(await pageSays(Object.keys(server)), server, `the page and the server gate ${when}`);
    return server;
  };
  const first = Date.now();
  await open(page, `${WEBAPP}/`);
  check(await bannerOf(page).isVisible(), 'the banner is not shown on a first visit');
  const before = await agree('before any choice');
  same(before['google-analytics'], false, 'the server gate lets Google Analytics send before consent');
  for (const host of GA_HOSTS) {
    same(attempted(requests, host, first).map((r) => r.url), [], `requests to ${host} before consent`);
  }
  // Consent: the tag and its configuration run at once.
  const accepted = Date.now();
  await bannerOf(page).locator('[data-dc-action="accept-all"]').click();
  await until('the gtag request', () => reached('www.googletagmanager.com', accepted).length > 0);
  await until('the collect hit', () => reached('region1.google-analytics.com', accepted, '/g/collect').length > 0);
  same((await agree('after consent'))['google-analytics'], true, 'the server gate after consent');
  // Opting out in the settings: nothing more, across a reload.
  await page.locator('[data-dc-open]').first().click();
  const dialog = dialogOf(page);
  const ga = dialog.locator('input[data-dc-switch="google-analytics"]');
  check(await ga.isChecked(), 'the switch is off after consent');
  await dialog.locator('label[for="dc-switch-google-analytics-ja"]').click();
  await dialog.locator('[data-dc-action="save"]').click();
  const out = Date.now();
  await reload(page);
  await page.waitForTimeout(500);
  for (const host of GA_HOSTS) {
    same(attempted(requests, host, out).map((r) => r.url), [], `requests to ${host} after opting out`);
  }
  same((await agree('after opting out'))['google-analytics'], false, 'the server gate after opting out');
  await finish(s);
  return `${Object.keys(before).length} units; the tag ran only between consent and the opt-out; the server agreed each time`;
});

await browser.close();
await Promise.all([site.close(), secureSite.close(), third.close()]);
// The consent log the site kept, one record per line as the panel posted it, for
// `cargo disclosure verify --consent-log` beside the HARs.
fs.writeFileSync(path.join(OUT, 'consent.jsonl'),
  [...site.log.posts, ...secureSite.log.posts].map((p) => p.raw.trim()).join('\n') + '\n');

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
