// @vitest-environment happy-dom
// The access review page in a DOM: one cell per person × org with its state, the totals, sorting, filtering, no network asset.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/commands/report.ts';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { prepareReview } from '../../src/report/prepare.ts';
import { buildAccessReview } from '../../src/report/rows.ts';
import { desiredOrg, member, NOW, want } from '../helpers/states.ts';
import { DEMO_STATES } from './demo-states.ts';
import type { BrowserWindow, HTMLButtonElement, HTMLSelectElement, HTMLTableCellElement, HTMLTableRowElement } from 'happy-dom';

// The environment's window, typed by happy-dom itself (the project's TypeScript has no DOM lib).
const { document, DOMParser, Event, Node } = globalThis as unknown as BrowserWindow;

const ROOT = join(import.meta.dirname, '../..');
const ORGS = ['acme-analytics', 'acme-claude', 'acme-openai'];

// The DOM environment swaps in a browser fetch (same-origin rules), so the CLI runs as its own
// process: the real executable, through main(), against the sandbox.
let page: string;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: demoSeed() });
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'src/bin.ts'), 'report', '-c', join(ROOT, 'invites.example.yaml'), '--format', 'html'], { env: { PATH: process.env['PATH'] ?? '', ...sandbox.env }, cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  page = stdout;
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
});

function load(html: string): void {
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
}

/** Runs the page's own inline script, as a browser would on load. */
function runScript(): void {
  const scripts = [...document.querySelectorAll('script')];
  expect(scripts).toHaveLength(1);
  new Function(scripts[0]!.textContent ?? '')();
}

const visiblePeople = () => [...document.querySelectorAll<HTMLTableRowElement>('#matrix tbody tr')].filter((row) => !row.hidden).map((row) => row.dataset['person']);

describe('the access review page (report --format html)', () => {
  beforeEach(() => load(page));

  it('has exactly one cell per person × org, with the right state', () => {
    const people = [...new Set(DEMO_STATES.map(([email]) => email))];
    const rows = [...document.querySelectorAll<HTMLTableRowElement>('#matrix tbody tr')];
    expect(rows.map((row) => row.dataset['person'])).toEqual(people);
    const expected = new Map(DEMO_STATES.map(([email, org, state]) => [`${email} ${org}`, state]));
    for (const row of rows) {
      const cells = [...row.querySelectorAll<HTMLTableCellElement>('td')];
      expect(cells.map((cell) => cell.dataset['org'])).toEqual(ORGS);
      for (const cell of cells) {
        const state = expected.get(`${row.dataset['person']} ${cell.dataset['org']}`) ?? 'none';
        expect(cell.dataset['state'], `${row.dataset['person']} in ${cell.dataset['org']}`).toBe(state);
        expect(cell.className).toBe(`s-${state}`);
        expect(cell.textContent).toMatch(state === 'none' ? /^—$/ : new RegExp(`^${state}`));
      }
    }
    expect(document.querySelectorAll('#matrix td')).toHaveLength(people.length * ORGS.length);
    expect(document.querySelector('tr[data-person="grace@acme.com"] td[data-org="acme-claude"]')?.textContent).toBe('member: developer');
  });

  it('shows the totals on top, per state and org', () => {
    const totals = document.querySelector('#totals')!;
    expect(totals.compareDocumentPosition(document.querySelector('#matrix')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const count = (state: string) => [...totals.querySelectorAll(`tr[data-state="${state}"] td`)].map((cell) => Number(cell.textContent));
    expect(count('member')).toEqual([1, 1, 1, 3]);
    expect(count('pending')).toEqual([2, 1, 1, 4]);
    expect(count('expired')).toEqual([1, 1, 1, 3]);
    expect(count('wanted')).toEqual([1, 1, 1, 3]);
    expect(count('not-wanted')).toEqual([4, 4, 3, 11]);
    expect(document.querySelector('#people')?.textContent).toBe('17');
  });

  it('loads no external resource: no src or href, no @import or url() in the CSS, a policy forbidding fetches', () => {
    expect(document.querySelectorAll('[src], [href], link, img, iframe, object, embed, base, form[action]')).toHaveLength(0);
    const css = [...document.querySelectorAll('style')].map((style) => style.textContent).join('\n');
    expect(css).not.toMatch(/@import|url\(/i);
    expect([...document.querySelectorAll('[style]')]).toHaveLength(0);
    expect(page).not.toMatch(/\b(?:https?|ftp|file|data|javascript):/i);
    expect(page).not.toMatch(/\/\/[a-z0-9]/i);
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toMatch(/^default-src 'none';/);
  });

  it('prints: a print stylesheet hides the controls and keeps the colours', () => {
    const css = document.querySelector('style')!.textContent ?? '';
    expect(css).toMatch(/@media print\{[^]*\.controls\{display:none\}[^]*print-color-adjust:exact/);
  });

  it('sorts by a column when its header is clicked, and back on a second click', () => {
    runScript();
    const claude = document.querySelector<HTMLButtonElement>('th[data-org="acme-claude"] button')!;
    claude.click();
    const states = () => [...document.querySelectorAll<HTMLTableCellElement>('#matrix tbody td[data-org="acme-claude"]')].map((cell) => cell.dataset['state']);
    expect(states().slice(0, 3)).toEqual(['member', 'pending', 'expired']);
    expect(states().at(-1)).toBe('none');
    expect(claude.parentElement?.getAttribute('aria-sort')).toBe('ascending');
    claude.click();
    expect(states()[0]).toBe('none');
    expect(states().at(-1)).toBe('member');
    const person = document.querySelector<HTMLButtonElement>('th[data-col="0"] button')!;
    person.click();
    expect(visiblePeople()[0]).toBe('ada@acme.com');
    person.click();
    expect(visiblePeople()[0]).toBe('zed@contractors.acme.com');
  });

  it('filters by org (its column only) and by state', () => {
    runScript();
    expect(visiblePeople()).toHaveLength(17);
    const org = document.querySelector<HTMLSelectElement>('#filter-org')!;
    const state = document.querySelector<HTMLSelectElement>('#filter-state')!;
    org.value = 'acme-openai';
    org.dispatchEvent(new Event('change'));
    expect(visiblePeople()).toEqual(['ada@acme.com', 'carol@acme.com', 'erin@acme.com', 'grace@acme.com', 'henry@acme.com', 'ivan@acme.com', 'linus@acme.com']);
    expect([...document.querySelectorAll<HTMLTableCellElement>('#matrix th[data-org]')].filter((th) => !th.hidden).map((th) => th.dataset['org'])).toEqual(['acme-openai']);
    state.value = 'not-wanted';
    state.dispatchEvent(new Event('change'));
    expect(visiblePeople()).toEqual(['ada@acme.com', 'ivan@acme.com', 'linus@acme.com']);
    org.value = '';
    org.dispatchEvent(new Event('change'));
    expect(visiblePeople()).toEqual(['ada@acme.com', 'adam@acme.com', 'eve@acme.com', 'ivan@acme.com', 'linus@acme.com', 'margaret@acme.com', 'olivia@acme.com', 'zed@contractors.acme.com']);
    expect(document.querySelector('#shown')?.textContent).toBe('8 of 17 people shown');
  });
});

describe('hostile values in the page', () => {
  it('are text, never markup: names, emails and roles from the config and APIs are escaped', () => {
    const name = `x"><img src=x onerror=alert(1)><script>alert(2)</script>`;
    const email = `"><a href=http://evil>@acme.com`;
    const org = desiredOrg({ name, invites: [want(email, 'admin')] });
    const current = { orgs: { [name]: { invites: [], members: [member(email, '</td><style>@import url(http://evil)</style>')] } } };
    load(renderReport('html', prepareReview(buildAccessReview({ orgs: [org] }, current, NOW), { redactEmails: false }), false));
    expect(document.querySelectorAll('img, a, [href], [src]')).toHaveLength(0);
    expect(document.querySelectorAll('script')).toHaveLength(1);
    expect(document.querySelectorAll('style')).toHaveLength(1);
    const cell = document.querySelector<HTMLTableCellElement>('#matrix td')!;
    expect(cell.dataset['org']).toBe(name);
    expect(cell.textContent).toBe('member: </td><style>@import url(http://evil)</style> (listed: admin)');
    expect(document.querySelector<HTMLTableRowElement>('#matrix tbody tr')!.dataset['person']).toBe(email);
  });
});
