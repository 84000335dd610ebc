// Validation of what people type into the subscription forms: one address (syntax, length, no CR/LF),
// known digests, an IANA time zone, a send hour. Untrusted input comes in as unknown.
import { TallyError } from '../core/errors.js';
import { isAddrSpec } from '../deliver/mime/index.js';

export interface SubscribeInput {
  email: string;
  digests: string[];
  timezone: string;
  sendHour: number;
}

export interface PreferencesInput {
  digests: string[];
  timezone: string;
  sendHour: number;
}

export const DEFAULT_TIMEZONE = 'UTC';
export const DEFAULT_SEND_HOUR = 7;

function invalid(message: string): TallyError {
  return new TallyError('INPUT_INVALID', `subscriptions: ${message}`);
}

export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Form bodies and query strings give strings (or repeated keys); JSON gives anything. */
function asStrings(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => v.trim());
  throw invalid(`${field} must be a list of names`);
}

export function validateEmail(value: unknown): string {
  if (typeof value !== 'string') throw invalid('email is required');
  if (/[\r\n\0]/.test(value)) throw invalid('email must be one line');
  const email = value.trim();
  if (email.length === 0) throw invalid('email is required');
  if (email.length > 254) throw invalid('email is longer than 254 characters');
  const local = email.slice(0, email.lastIndexOf('@'));
  if (!isAddrSpec(email) || local.length > 64) throw invalid('email is not a valid address');
  return email;
}

function validateDigests(value: unknown, known: readonly string[]): string[] {
  const names = asStrings(value, 'digests');
  const chosen = names.length === 0 ? [...known] : [...new Set(names)];
  const unknown = chosen.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw invalid(`unknown digest "${(unknown[0] ?? '').slice(0, 40)}"`);
  if (chosen.length === 0) throw invalid('choose at least one digest');
  return chosen;
}

function validateTimezone(value: unknown): string {
  if (value === undefined || value === '') return DEFAULT_TIMEZONE;
  if (typeof value !== 'string' || !isTimeZone(value))
    throw invalid('timezone must be an IANA zone such as "Europe/Paris"');
  return value;
}

function validateSendHour(value: unknown): number {
  if (value === undefined || value === '') return DEFAULT_SEND_HOUR;
  const hour =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,2}$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23)
    throw invalid('sendHour must be a whole hour from 0 to 23');
  return hour;
}

function field(input: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (input[name] !== undefined) return input[name];
  return undefined;
}

export function validatePreferences(
  input: Record<string, unknown>,
  knownDigests: readonly string[],
): PreferencesInput {
  return {
    digests: validateDigests(field(input, 'digests', 'digest'), knownDigests),
    timezone: validateTimezone(field(input, 'timezone', 'timeZone', 'tz')),
    sendHour: validateSendHour(field(input, 'sendHour', 'send_hour', 'hour')),
  };
}

export function validateSubscribe(
  input: Record<string, unknown>,
  knownDigests: readonly string[],
): SubscribeInput {
  return { email: validateEmail(input.email), ...validatePreferences(input, knownDigests) };
}

/**
 * A request body as a record: JSON objects as they are, form bodies with repeated keys as arrays.
 * Anything else is INPUT_INVALID.
 */
export function parseBody(body: string, contentType: string | undefined): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw invalid('the body is not valid JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw invalid('the body must be a JSON object');
    return json as Record<string, unknown>;
  }
  if (type === 'application/x-www-form-urlencoded' || type === '' || type === 'multipart/form-data') {
    if (type === 'multipart/form-data') throw invalid('send the form as application/x-www-form-urlencoded');
    const params = new URLSearchParams(body);
    const out: Record<string, unknown> = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      out[key] = all.length === 1 ? all[0] : all;
    }
    return out;
  }
  throw invalid(`unsupported content type "${type.slice(0, 60)}"`);
}
