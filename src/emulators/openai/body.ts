// OpenAI emulator: validating the create-invite and modify-user bodies.
import type { EmulatorRequest } from '../types.ts';
import { OpenAIApiError, invalidRequest } from './errors.ts';
import { isOneOf, ORG_ROLES, PROJECT_ROLES } from './wire.ts';
import type { OrgRole, ProjectGrant } from './wire.ts';

/** A loose shape check: a local part, an `@` and a dotted domain. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A validated `POST /v1/organization/invites` body. */
export interface CreateInviteBody {
  email: string;
  role: OrgRole;
  /** Omitted: the invitee also joins the default project on acceptance; `[]`: none (§3.2). */
  projects: ProjectGrant[] | undefined;
}

/** The request's JSON object, parsed from the raw text so malformed JSON gets the API's 400. */
function jsonObject(request: EmulatorRequest): Record<string, unknown> {
  let body: unknown = request.body;
  if (body === undefined && request.rawBody.trim() !== '') {
    try {
      body = JSON.parse(request.rawBody);
    } catch {
      throw invalidRequest('We could not parse the JSON body of your request.');
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** Unknown fields are refused (a choice: UNCONFIRMED here, OpenAI's usual answer elsewhere). */
function rejectUnknown(body: Record<string, unknown>, known: readonly string[]): void {
  const extra = Object.keys(body).find((key) => !known.includes(key));
  if (extra !== undefined) throw invalidRequest(`Unrecognized request argument supplied: ${extra}`, extra);
}

function missing(param: string): OpenAIApiError {
  return invalidRequest(`Missing required parameter: '${param}'.`, param);
}

function role(value: unknown): OrgRole {
  if (value === undefined) throw missing('role');
  if (!isOneOf(ORG_ROLES, value)) throw invalidRequest(`Invalid 'role': expected one of 'owner' or 'reader', but got ${JSON.stringify(value)}.`, 'role');
  return value;
}

/** Validates a create body: `email` and `role` required, `projects[]` of `{id, role: member|owner}`. */
export function parseCreateInvite(request: EmulatorRequest, knownProjects: ReadonlySet<string> | undefined): CreateInviteBody {
  const body = jsonObject(request);
  rejectUnknown(body, ['email', 'role', 'projects']);
  if (body.email === undefined) throw missing('email');
  if (typeof body.email !== 'string' || !EMAIL_SHAPE.test(body.email)) throw invalidRequest(`Invalid 'email': ${JSON.stringify(body.email)} is not a valid email address.`, 'email');
  const parsedRole = role(body.role);
  if (body.projects === undefined) return { email: body.email, role: parsedRole, projects: undefined };
  if (!Array.isArray(body.projects)) throw invalidRequest("Invalid 'projects': expected an array.", 'projects');
  const projects = body.projects.map((grant: unknown, i): ProjectGrant => {
    const param = `projects[${i}]`;
    if (typeof grant !== 'object' || grant === null || Array.isArray(grant)) throw invalidRequest(`Invalid '${param}': expected an object.`, param);
    const { id, role: projectRole, ...rest } = grant as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw invalidRequest(`Unrecognized request argument supplied: ${param}.${extra}`, `${param}.${extra}`);
    if (typeof id !== 'string' || id === '') throw invalidRequest(`Invalid '${param}.id': expected a project id.`, `${param}.id`);
    if (!isOneOf(PROJECT_ROLES, projectRole)) throw invalidRequest(`Invalid '${param}.role': expected one of 'member' or 'owner'.`, `${param}.role`);
    if (knownProjects && !knownProjects.has(id)) throw invalidRequest(`No such project: '${id}'.`, `${param}.id`);
    return { id, role: projectRole };
  });
  return { email: body.email, role: parsedRole, projects };
}

/** Validates a modify-user body: optional `role` (owner|reader), `role_id`, `technical_level`, `developer_persona`. */
export function parseUpdateUser(request: EmulatorRequest): { role: OrgRole | undefined } {
  const body = jsonObject(request);
  rejectUnknown(body, ['role', 'role_id', 'technical_level', 'developer_persona']);
  for (const name of ['role_id', 'technical_level', 'developer_persona']) {
    if (body[name] !== undefined && body[name] !== null && typeof body[name] !== 'string') throw invalidRequest(`Invalid '${name}': expected a string.`, name);
  }
  return { role: body.role === undefined || body.role === null ? undefined : role(body.role) };
}
