// PostHog emulator: DRF field checks for invite bodies (codes and messages as the API sends them).
/**
 * The DRF field behaviours the invite serializer relies on: required/null/blank checks, string
 * coercion and trimming, choice lookup by `str(value)`, booleans, and DRF's exact messages.
 */

/** One failed field: DRF's code (before `invalid` → `invalid_input`) and message. */
export interface FieldFailure {
  code: string;
  detail: string;
}

/** A field's outcome: absent (use the model default), a value, or a failure. */
export type FieldResult<T> = { kind: 'absent' } | { kind: 'value'; value: T } | { kind: 'failure'; failure: FieldFailure };

const ABSENT = { kind: 'absent' } as const;

export const fail = (code: string, detail: string): { kind: 'failure'; failure: FieldFailure } => ({ kind: 'failure', failure: { code, detail } });
export const ok = <T>(value: T): { kind: 'value'; value: T } => ({ kind: 'value', value });

const REQUIRED = fail('required', 'This field is required.');
const NULL = fail('null', 'This field may not be null.');

/** What a `CharField` accepts: options that differ between the invite's string fields. */
export interface CharOptions {
  required?: boolean;
  allowNull?: boolean;
  allowBlank?: boolean;
  maxLength?: number;
  /** Extra validators run after the built-in ones (DRF runs them all; the first error shows). */
  validators?: ((value: string) => FieldFailure | undefined)[];
}

/** `serializers.CharField` with `trim_whitespace=True`. */
export function charField(data: Record<string, unknown>, name: string, options: CharOptions): FieldResult<string | null> {
  if (!Object.hasOwn(data, name)) return options.required ? REQUIRED : ABSENT;
  const raw = data[name];
  if (raw === null) return options.allowNull ? ok(null) : NULL;
  if (raw === '' || (typeof raw === 'string' && raw.trim() === '')) {
    return options.allowBlank ? ok('') : fail('blank', 'This field may not be blank.');
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail('invalid', 'Not a valid string.');
  const value = String(raw).trim();
  const checks: ((v: string) => FieldFailure | undefined)[] = [
    (v) => (options.maxLength !== undefined && v.length > options.maxLength ? maxLength(options.maxLength) : undefined),
    (v) => (v.includes('\0') ? { code: 'null_characters_not_allowed', detail: 'Null characters are not allowed.' } : undefined),
    ...(options.validators ?? []),
  ];
  for (const check of checks) {
    const failure = check(value);
    if (failure) return { kind: 'failure', failure };
  }
  return ok(value);
}

function maxLength(limit: number): FieldFailure {
  return { code: 'max_length', detail: `Ensure this field has no more than ${limit} characters.` };
}

/** `ChoiceField`: looks the value up by Python's `str(value)`, so `"8"` is accepted as 8. */
export function choiceField<T extends number>(data: Record<string, unknown>, name: string, choices: readonly T[]): FieldResult<T> {
  if (!Object.hasOwn(data, name)) return ABSENT;
  const raw = data[name];
  if (raw === null) return NULL;
  const text = pythonStr(raw);
  const choice = choices.find((c) => String(c) === text);
  return choice === undefined ? fail('invalid_choice', `"${text}" is not a valid choice.`) : ok(choice);
}

const TRUE_VALUES = new Set<unknown>(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1', 1, true]);
const FALSE_VALUES = new Set<unknown>(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0', 0, false]);

/** `BooleanField`, with DRF's accepted spellings. */
export function booleanField(data: Record<string, unknown>, name: string): FieldResult<boolean> {
  if (!Object.hasOwn(data, name)) return ABSENT;
  const raw = data[name];
  if (raw === null) return NULL;
  if (TRUE_VALUES.has(raw)) return ok(true);
  if (FALSE_VALUES.has(raw)) return ok(false);
  return fail('invalid', 'Must be a valid boolean.');
}

/** Python's `type(value).__name__` for a JSON value, as DRF's "Expected a dictionary" message shows it. */
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

/** Python's `str()` of a JSON value (True, None, ['a'], {'k': 1}). */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`);
  return `{${entries.join(', ')}}`;
}

const USER_PART = /^[-!#$%&'*+/=?^_`{}|~0-9a-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*$|^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"$/i;
const DOMAIN_PART = /^((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+)(?:[a-z0-9-]{2,63}(?<!-))$/i;
const LITERAL_DOMAIN = /^\[([a-f0-9:.]+)\]$/i;

/** Django's `EmailValidator` (the ASCII subset), message "Enter a valid email address.". */
export function validateEmail(value: string): FieldFailure | undefined {
  const failure = { code: 'invalid', detail: 'Enter a valid email address.' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.length > 320) return failure;
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!USER_PART.test(user)) return failure;
  if (domain === 'localhost' || DOMAIN_PART.test(domain) || LITERAL_DOMAIN.test(domain)) return undefined;
  return failure;
}
