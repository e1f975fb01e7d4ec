// Proves that the browser test's flows fail when the panel is broken: each mutation below breaks
// one promise of src/runtime/assets (in a copy), runs consent.mjs on the copy with only the flow that
// must catch it, and expects that flow to FAIL.
//
//     node mutations.mjs          (about a minute; not needed for the ordinary run)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ASSETS = path.resolve(HERE, '..', '..', 'src', 'runtime', 'assets');
const JS = 'disclosure-consent.js';
const CSS = 'disclosure-consent.css';

const MUTATIONS_ALL = [
  ['a', 'consent transmissions allowed before consent', JS,
    'return !!entry && entry.value && entry.fingerprint === t.fingerprint;', 'return true;'],
  ['a', 'the banner never shows', JS, 'if (pending.length > 0) {', 'if (false) {'],
  ['b', 'the cookie is never written', JS, 'doc.cookie = cookie;', 'void cookie;'],
  ['b', 'tags are not activated after a save', JS, 'syncSwitches();\n    activate();', 'syncSwitches();'],
  ['b', 'no choice log', JS, 'postLog({ format: 1', 'void ({ format: 1'],
  ['c', 'an opt-out is not honoured', JS, 'return !entry || entry.value;', 'return true;'],
  ['d', 'a re-ask lists whole transmissions', JS, 'var shown = whole ? t.items : added;', 'var shown = t.items;'],
  ['d', 'a re-ask answer overwrites the other choices', JS,
    'pending.forEach(function (t) {\n      if (isSwitchable(t)) { choices[t.id] = value; }', 'transmissions.forEach(function (t) {\n      if (isSwitchable(t)) { choices[t.id] = value; }'],
  ['d', 'a changed fingerprint is not noticed', JS, 'return !entry || entry.fingerprint !== t.fingerprint;', 'return !entry;'],
  ['e', 'Enter does not operate a switch', JS, 'event.target.click();', 'void 0;'],
  ['e', 'Escape does not close the dialog', JS, "if (event.key === 'Escape' || event.key === 'Esc') {\n      event.preventDefault();\n      closeDialog();",
    "if (event.key === 'Escape' || event.key === 'Esc') {\n      event.preventDefault();"],
  ['e', 'focus is not returned to the opener', JS, '    if (target) {\n      target.focus();', "    if (target) {\n      doc.querySelector('a[href]').focus();"],
  ['e', 'focus is not trapped in the dialog', JS, "} else if (event.key === 'Tab') {\n      trapTab(event);", "} else if (event.key === 'Tab') {\n      void trapTab;"],
  ['f', 'low-contrast buttons', CSS, '--dc-accent: #0a4fa0;', '--dc-accent: #6f9fd8;'],
  ['g', 'no room kept below the page', JS, 'setReserve(Math.ceil(banner.getBoundingClientRect().height / remPx));', 'setReserve(0);'],
  ['g', 'motion despite prefers-reduced-motion', CSS, '@media (prefers-reduced-motion: no-preference) {\n  .dc-banner {', '@media all {\n  .dc-banner {'],
  ['h', 'an inline script injected at run time', JS, "root.hidden = false;",
    "root.hidden = false;\n    var injected = doc.createElement('script'); injected.textContent = 'window.x = 1'; doc.head.appendChild(injected);"],
  ['h', 'a style attribute set from the script', JS, "banner.hidden = false;", "banner.hidden = false;\n    banner.setAttribute('style', 'color: red');"],
];

const MUTATIONS = process.env.DC_MUTATIONS ? MUTATIONS_ALL.filter((m) => m[1].includes(process.env.DC_MUTATIONS)) : MUTATIONS_ALL;
let caught = 0;
let missed = 0;
for (const [flow, what, file, find, replace] of MUTATIONS) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-mutant-'));
  for (const f of [JS, CSS]) { fs.copyFileSync(path.join(ASSETS, f), path.join(dir, f)); }
  const target = path.join(dir, file);
  const source = fs.readFileSync(target, 'utf8');
  if (!source.includes(find)) {
    console.log(`FAIL ${flow}: ${what}: the text to mutate is no longer in ${file}`);
    missed += 1;
    continue;
  }
  fs.writeFileSync(target, source.replace(find, replace));
  const run = spawnSync(process.execPath, [path.join(HERE, 'consent.mjs')], {
    env: { ...process.env, DC_ASSETS: dir, DC_FLOWS: flow, DC_OUT: path.join(dir, 'out') }, encoding: 'utf8', timeout: 120000,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const line = (run.stdout || '').split('\n').find((l) => new RegExp(`^(ok|FAIL) +${flow}\\.`).test(l)) || '';
  if (line.startsWith('FAIL') && run.status !== 0) {
    caught += 1;
    const reason = line.replace(/^FAIL +\w\.[^:]*: /, '').split('\n')[0];
    console.log(`ok   ${flow}: ${what} → caught (${reason.slice(0, 110)})`);
  } else {
    missed += 1;
    console.log(`FAIL ${flow}: ${what} → not caught (${line || run.stderr.slice(0, 200)})`);
  }
}
console.log(`${caught} passed, ${missed} failed`);
process.exit(missed ? 1 : 0);
