import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, KEYS, ORG, startPostHog, type PostHogHarness } from '../fixtures/posthog/harness.ts';

// These requests all fail, so one server for the file keeps its state empty throughout.
let ph: PostHogHarness;
beforeAll(async () => {
  ph = await startPostHog();
});
afterAll(async () => {
  expect(ph.api.invitesOf(ORG)).toEqual([]);
  expect(ph.api.emailsSent()).toBe(0);
  await ph.server.close();
});

const invalid = (code: string, detail: string, attr: string | null) => envelope('validation_error', code, detail, attr);
const PROJECT_ERROR = 'Project does not exist on this organization, or it is private and you do not have access to it.';

describe('PostHog emulator: create validation (§6.2)', () => {
  it.each([
    ['missing target_email', { first_name: 'A' }, invalid('required', 'This field is required.', 'target_email')],
    ['null target_email', { target_email: null }, invalid('null', 'This field may not be null.', 'target_email')],
    ['blank target_email', { target_email: '   ' }, invalid('blank', 'This field may not be blank.', 'target_email')],
    ['invalid email', { target_email: 'alice@' }, invalid('invalid_input', 'Enter a valid email address.', 'target_email')],
    ['email without a dot domain', { target_email: 'alice@example' }, invalid('invalid_input', 'Enter a valid email address.', 'target_email')],
    ['non-string email', { target_email: true }, invalid('invalid_input', 'Not a valid string.', 'target_email')],
    ['email over 254', { target_email: `${'a'.repeat(250)}@example.com` }, invalid('max_length', 'Ensure this field has no more than 254 characters.', 'target_email')],
    ['first_name over 30', { target_email: 'a@example.com', first_name: 'x'.repeat(31) }, invalid('max_length', 'Ensure this field has no more than 30 characters.', 'first_name')],
    ['null first_name', { target_email: 'a@example.com', first_name: null }, invalid('null', 'This field may not be null.', 'first_name')],
    ['level 3', { target_email: 'a@example.com', level: 3 }, invalid('invalid_choice', '"3" is not a valid choice.', 'level')],
    ['level "admin"', { target_email: 'a@example.com', level: 'admin' }, invalid('invalid_choice', '"admin" is not a valid choice.', 'level')],
    ['level true', { target_email: 'a@example.com', level: true }, invalid('invalid_choice', '"True" is not a valid choice.', 'level')],
    ['null level', { target_email: 'a@example.com', level: null }, invalid('null', 'This field may not be null.', 'level')],
    ['message not a string', { target_email: 'a@example.com', message: ['hi'] }, invalid('invalid_input', 'Not a valid string.', 'message')],
    ['send_email not a boolean', { target_email: 'a@example.com', send_email: 'maybe' }, invalid('invalid_input', 'Must be a valid boolean.', 'send_email')],
    ['body is a list', [{ target_email: 'a@example.com' }], invalid('invalid_input', 'Invalid data. Expected a dictionary, but got list.', null)],
  ])('%s', async (_name, body, expected) => {
    const response = await ph.call('POST', '/invites/', { body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(expected);
  });

  it('reports only the first error, in field order', async () => {
    const response = await ph.call('POST', '/invites/', { body: { level: 99, first_name: 'x'.repeat(40), target_email: 'bad' } });
    expect(await response.json()).toEqual(invalid('invalid_input', 'Enter a valid email address.', 'target_email'));
  });

  it('treats an empty body as a body without target_email', async () => {
    const response = await fetch(`${ph.orgUrl()}/invites/`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.ownerWrite}` } });
    expect(await response.json()).toEqual(invalid('required', 'This field is required.', 'target_email'));
  });

  it.each([
    ['not a list', { id: 7, level: 'member' }, 'The field must be a list of dictionaries.'],
    ['an item not a dict', [7], 'Each item in the list must be a dictionary.'],
    ['an item without level', [{ id: 7 }], 'Each dictionary must contain "id" and "level" keys.'],
    ['a non-integer id', [{ id: '7', level: 'member' }], 'The "id" field must be an integer.'],
    ['an unknown level', [{ id: 7, level: 'owner' }], 'The "level" field must be a valid access level.'],
    ['level none', [{ id: 7, level: 'none' }], 'The "level" field must be a valid access level.'],
    ['a project of no such id', [{ id: 999, level: 'member' }], PROJECT_ERROR],
  ])('private_project_access with %s', async (_name, access, detail) => {
    const response = await ph.call('POST', '/invites/', { body: { target_email: 'a@example.com', private_project_access: access } });
    expect(await response.json()).toEqual(invalid('invalid_input', detail, 'private_project_access'));
  });
});

describe('PostHog emulator: unreadable bodies', () => {
  it('answers 400 parse_error for malformed JSON', async () => {
    const response = await fetch(`${ph.orgUrl()}/invites/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.ownerWrite}`, 'content-type': 'application/json' },
      body: '{"target_email": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'invalid_request', code: 'parse_error', attr: null });
  });

  it('answers 415 for a body in a media type PostHog has no parser for', async () => {
    const response = await fetch(`${ph.orgUrl()}/invites/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.ownerWrite}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ target_email: 'a@example.com' }),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual(envelope('invalid_request', 'unsupported_media_type', 'Unsupported media type "text/plain" in request.'));
  });
});
