import { describe, expect, it } from 'vitest';
import { redactEmail, redactEmailsInText } from '../../src/render/redact-email.ts';

describe('redactEmail', () => {
  // 0a0a58 = first 6 hex of `printf 'alice@acme.com' | sha256sum`, computed outside the code under test.
  it('keeps the first letter and the domain, and adds 6 hex of sha256 of the address', () => {
    expect(redactEmail('alice@acme.com')).toBe('a***@acme.com#0a0a58');
  });

  it('is the same for the same address in any case or padding', () => {
    expect(redactEmail('  Alice@ACME.com ')).toBe('a***@acme.com#0a0a58');
    expect(redactEmail('alice@acme.com')).not.toBe(redactEmail('alina@acme.com'));
  });

  it('still hides a value without @', () => {
    expect(redactEmail('alice')).toMatch(/^a\*\*\*#[0-9a-f]{6}$/);
  });
});

describe('redactEmailsInText', () => {
  it('redacts every address in free text, leaving the punctuation around it', () => {
    expect(redactEmailsInText('Ask Help.Desk@acme.com or <alice@acme.com>.')).toBe(
      'Ask h***@acme.com#fb5f4e or <a***@acme.com#0a0a58>.',
    );
  });

  it('catches addresses with non-ASCII or quote characters in the local part', () => {
    expect(redactEmailsInText("josé@acme.com o'brien@acme.com")).not.toMatch(/jos|brien/);
  });

  it('leaves text without addresses alone', () => {
    expect(redactEmailsInText('Welcome @team, see acme.com')).toBe('Welcome @team, see acme.com');
  });
});
