// How invitectl folds addresses for Anthropic: case and +tag on every domain, nothing else (api/anthropic.md §14.3).
import { describe, expect, it } from 'vitest';
import { foldAnthropicEmail } from '../../src/providers/anthropic/config.ts';
import { emailFoldOf } from '../../src/email-index.ts';

describe('Anthropic address folding', () => {
  it.each([
    ['jane+hiring@acme.com', 'jane@acme.com'],
    ['jane+a+b@acme.com', 'jane@acme.com'],
    ['jane@acme.com', 'jane@acme.com'],
    ['j.ane+x@gmail.com', 'j.ane@gmail.com'], // dots and googlemail are UNCONFIRMED: left alone
    ['+only@acme.com', '+only@acme.com'], // an empty local part is not made
    ['odd@plus+domain.com', 'odd@plus+domain.com'],
  ])('%s → %s', (email, folded) => {
    expect(foldAnthropicEmail(email)).toBe(folded);
  });

  it('two +tag variants fold to one; PostHog folds nothing', () => {
    expect(foldAnthropicEmail('jane+a@acme.com')).toBe(foldAnthropicEmail('jane+b@acme.com'));
    expect(emailFoldOf('anthropic')('jane+a@acme.com')).toBe('jane@acme.com');
    expect(emailFoldOf('posthog')('jane+a@acme.com')).toBe('jane+a@acme.com');
  });
});
