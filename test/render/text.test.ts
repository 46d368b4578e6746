import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/text.ts';
import { emptyPlan, fullPlan, inputOf, unsafePlan } from './fixtures.ts';

const plain = { color: false, redactEmails: false };
const colored = { color: true, redactEmails: false };
const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

describe('renderText', () => {
  it.each([
    ['full', inputOf(fullPlan())],
    ['empty', inputOf(emptyPlan())],
    ['unsafe', inputOf(unsafePlan(), ['acme-claude'])],
  ])('matches the %s snapshot, with and without colour', async (name, input) => {
    await expect(renderText(input, plain)).toMatchFileSnapshot(`./__snapshots__/text-${name}.txt`);
    await expect(renderText(input, colored)).toMatchFileSnapshot(`./__snapshots__/text-${name}-color.txt`);
  });

  it('closes with the three counts, zeros included, or with "No changes."', () => {
    expect(lastLine(renderText(inputOf(fullPlan()), plain))).toBe('Plan: 2 to invite, 3 to re-invite, 2 to revoke.');
    expect(lastLine(renderText(inputOf(unsafePlan(), ['acme-claude']), plain))).toBe('Plan: 1 to invite, 0 to re-invite, 7 to revoke.');
    expect(lastLine(renderText(inputOf(emptyPlan()), plain))).toBe('No changes.');
    expect(renderText(inputOf({ orgs: [] }), plain)).toBe('No changes.\n');
  });

  it('shows one line per change with symbol, verb and the reason of a re-invite', () => {
    const lines = renderText(inputOf(fullPlan()), plain).split('\n');
    expect(lines).toContain('  -/+ re-invite  dan@acme.com    level: member → admin');
    expect(lines).toContain('  -/+ re-invite  erin@acme.com   level: member          (expired)');
    expect(lines).toContain('  -   revoke     bob@acme.com    role: user');
    expect(lines).toContain('  +   invite     zoe@acme.com    role: claude_code_user');
  });

  it('counts kept invitees per reason and leaves zero counts out', () => {
    const text = renderText(inputOf(fullPlan()), plain);
    expect(text).toContain('\n  12 unchanged, 1 already a member, 1 ignored\n');
    expect(text).toContain('\n  1 unchanged, 1 already a member, 1 unmanaged, 1 expired (not re-invited), 1 grant ended\n');
  });

  it('warns about an unsafe org, naming the limits and --allow-mass-delete', () => {
    const text = renderText(inputOf(unsafePlan(), ['acme-claude']), plain);
    expect(text).toContain(
      '  Warning: 7 revokes exceed max_deletes (5) and max_delete_ratio (0.25 of 9 managed pending invites); apply refuses this org without --allow-mass-delete.',
    );
    expect(renderText(inputOf(unsafePlan()), plain)).not.toContain('Warning');
  });

  it('emits escape codes only when colour is on', () => {
    for (const plan of [fullPlan(), emptyPlan(), unsafePlan()]) {
      expect(renderText(inputOf(plan, ['acme-claude']), plain)).not.toContain('\x1b');
    }
    const text = renderText(inputOf(fullPlan()), colored);
    expect(text).toContain('\x1b[32m+   invite   ');
    expect(text).toContain('\x1b[31m-   revoke   ');
    expect(text).toContain('\x1b[33m-/+ re-invite');
  });

  it('refuses to render an org without a safety verdict', () => {
    const input = inputOf(fullPlan());
    expect(() => renderText({ ...input, safety: {} }, plain)).toThrow('no safety verdict given for org "acme-analytics"');
  });
});
