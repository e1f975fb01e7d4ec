// The local servers the browser test talks to: the fixture site (http on 127.0.0.1, and the same
// site over https for the `Secure` cookie) and one https server that stands in for every
// third-party host (Chromium maps their names to it with --host-resolver-rules). Nothing here
// reaches the network.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

// The strict policy the panel is documented to work under (docs/consent-markup.md), as the site sends it.
export const CSP_STRICT = "default-src 'self'; script-src 'self'; style-src 'self'";

// The third-party origins the fixture pages' tags use, by the directive each needs.
export const TAG_ORIGINS = {
  'script-src': ['https://www.googletagmanager.com', 'https://www.clarity.ms', 'https://browser.sentry-cdn.com'],
  'img-src': ['https://region1.google-analytics.com', 'https://www.clarity.ms', 'https://www.facebook.com', 'https://d1fixture.cloudfront.net'],
  'frame-src': ['https://www.youtube-nocookie.com'],
};

// The strict policy with only the tags' origins added, each to its own directive: still no inline
// script or style, no eval, no other host.
export const CSP_WITH_TAGS = [
  "default-src 'self'",
  `script-src 'self' ${TAG_ORIGINS['script-src'].join(' ')}`,
  "style-src 'self'",
  `img-src 'self' ${TAG_ORIGINS['img-src'].join(' ')}`,
  `frame-src ${TAG_ORIGINS['frame-src'].join(' ')}`,
].join('; ');

export const THIRD_PARTY_HOSTS = [
  'www.googletagmanager.com',
  'region1.google-analytics.com',
  'www.youtube-nocookie.com',
  'www.clarity.ms',
  'browser.sentry-cdn.com',
  'd1fixture.cloudfront.net',
  'www.facebook.com',
];

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64');

// What each third-party URL answers: small stand-ins that behave like the real tags where it
// matters (gtag sends a collect hit; Clarity sends one event on load and one per `clarity(…)`).
function thirdPartyResponse(host, pathname) {
  const js = (body) => ({ type: 'text/javascript; charset=utf-8', body });
  if (host === 'www.googletagmanager.com' && pathname === '/gtag/js') {
    return js(`(function () {
  var hit = new Image();
  hit.src = 'https://region1.google-analytics.com/g/collect?v=2&tid=G-FIXTURE&en=page_view&dl=' + encodeURIComponent(location.href);
  window.gtagLoaded = true;
}());
`);
  }
  if (host === 'www.clarity.ms' && pathname.startsWith('/tag/')) {
    return js(`window.clarity = function (event) {
  var hit = new Image();
  hit.src = 'https://www.clarity.ms/collect?ev=' + encodeURIComponent(event);
};
window.clarity('page_view');
`);
  }
  if (host === 'browser.sentry-cdn.com') {
    return js(pathname.includes('replay')
      ? 'window.sentryReplayLoaded = true;\n'
      : 'window.Sentry = { loaded: true, captureMessage: function () {} };\n');
  }
  if (host === 'www.youtube-nocookie.com' && pathname.startsWith('/embed/')) {
    return {
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fixture video</title></head>'
        + '<body><p>A stand-in for the embedded video.</p></body></html>',
    };
  }
  if (pathname.endsWith('.png')) { return { type: 'image/png', body: PNG }; }
  if (host === 'www.facebook.com' || pathname === '/collect' || pathname === '/g/collect') {
    return { type: 'image/gif', body: GIF };
  }
  return null;
}

// A self-signed certificate for the stand-in hosts (Chromium runs with --ignore-certificate-errors),
// made fresh for each run so that no key is kept in the repository.
export function makeCertificate(hosts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=disclosure-consent-fixture',
      '-addext', `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
    ], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`openssl could not make the fixture certificate (apt-get install openssl): ${error.message}`);
  }
  const pair = { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
  fs.rmSync(dir, { recursive: true, force: true });
  return pair;
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.gif': 'image/gif',
};

// The fixture site: /site/* from siteDir, /assets/consent/* from assetsDir, the choice log at
// /disclosure/consent, a first-party collect endpoint at /g/collect. `csp(fileName)` gives the policy
// each HTML page is sent with; `fragments` maps a fragment's name to its HTML, spliced in where a
// page says `<!--#disclosure-consent NAME-->`.
export function siteHandler({ siteDir, assetsDir, fragments, csp, log }) {
  return async (req, res) => {
    const url = new URL(req.url, 'http://fixture');
    const entry = { method: req.method, path: url.pathname + url.search, time: Date.now() };
    log.requests.push(entry);
    if (url.pathname === '/disclosure/consent') {
      if (req.method !== 'POST') { res.writeHead(405).end(); return; }
      const body = await readBody(req);
      entry.body = body;
      let parsed = null;
      try { parsed = JSON.parse(body); } catch { parsed = null; }
      log.posts.push({ type: req.headers['content-type'], body: parsed, raw: body, time: Date.now() });
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/g/collect') {
      await readBody(req);
      res.writeHead(204).end();
      return;
    }
    let file = null;
    if (url.pathname.startsWith('/site/')) { file = path.join(siteDir, url.pathname.slice('/site/'.length)); }
    if (url.pathname.startsWith('/assets/consent/')) { file = path.join(assetsDir, url.pathname.slice('/assets/consent/'.length)); }
    const base = file && path.basename(file);
    if (!file || !base || base.startsWith('.') || path.dirname(file) !== (url.pathname.startsWith('/site/') ? siteDir : assetsDir)
        || !fs.existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const ext = path.extname(file);
    let body = fs.readFileSync(file);
    const headers = { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Cache-Control': 'no-store' };
    if (ext === '.html') {
      body = body.toString('utf8').replace(/<!--#disclosure-consent ([\w.-]+)-->/g, (_, name) => {
        if (!fragments[name]) { throw new Error(`no fragment ${name}`); }
        return fragments[name];
      });
      headers['Content-Security-Policy'] = csp(base);
    }
    res.writeHead(200, headers).end(body);
  };
}

export async function startSite(options, tls) {
  const log = { requests: [], posts: [] };
  const handler = siteHandler({ ...options, log });
  const wrapped = (req, res) => handler(req, res).catch((error) => {
    res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
  });
  const server = tls ? https.createServer(tls, wrapped) : http.createServer(wrapped);
  const port = await listen(server);
  return { server, port, log, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

// One https server for every third-party host; it records each request with the host it was for.
export async function startThirdParty(tls) {
  const log = [];
  const server = https.createServer(tls, async (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    const url = new URL(req.url, `https://${host}`);
    await readBody(req);
    log.push({ host, method: req.method, path: url.pathname + url.search, time: Date.now() });
    const answer = thirdPartyResponse(host, url.pathname);
    if (!answer) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': answer.type, 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' })
      .end(answer.body);
  });
  const port = await listen(server);
  return { server, port, log, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}
