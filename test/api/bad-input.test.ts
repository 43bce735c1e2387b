import * as fc from 'fast-check';
import { ERRORS, type ErrorCode } from '../../shared/src/domain';
import { issueTicketBody, loginBody, transferBody } from '../../shared/src/protocol';
import {
  api,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  testIdNumber,
  type ApiResponse,
  type HallSocket,
  type TestHall,
} from '../helpers/hall-server';

/**
 * Malformed input at every route: each is refused with a 4xx and a bilingual error with a
 * specific code, and nothing in the hall changes. Then random input, thrown by fast-check.
 */

const HAN = /[\u4e00-\u9fff]/;
const ENGLISH = /[A-Za-z]{3,}/;

function expectApiError(res: ApiResponse, status: number, code: ErrorCode): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  const error = res.body.error;
  expect(error.messageZh).toBe(ERRORS[code].zh);
  expect(error.messageEn).toBe(ERRORS[code].en);
  expect(error.message).toMatch(HAN);
  expect(error.message).toMatch(ENGLISH);
  expect(error.message).toBe(`${error.messageZh} (${error.messageEn})`);
}

/** Any refusal: a 4xx with the error shape and a known code. */
function expectSomeApiError(res: ApiResponse): void {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  const error = res.body?.error;
  expect(typeof error?.code).toBe('string');
  expect(Object.keys(ERRORS)).toContain(error.code);
  expect(error.messageZh).toMatch(HAN);
  expect(error.messageEn).toMatch(ENGLISH);
  expect(error.message).toMatch(HAN);
  expect(error.message).toMatch(ENGLISH);
}

type Who = 'admin' | 'guide' | 'clerk' | 'kiosk' | 'bad';

interface Case {
  name: string;
  method: string;
  /** `:called` and `:waiting` stand for the tickets made in beforeAll. */
  path: string;
  as?: Who;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  code: ErrorCode;
}

const HUGE = 'x'.repeat(20_000);
const OVER_32KB = JSON.stringify({
  serviceId: 'tax',
  channel: 'kiosk',
  pad: 'y'.repeat(33 * 1024),
});
const TRAVERSAL = '..%2F..%2Fetc%2Fpasswd';
const VALID_ISSUE = { serviceId: 'tax', channel: 'kiosk' };
const TEXT = { 'content-type': 'text/plain' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

// prettier-ignore
const cases: Case[] = [
  // ---- POST /api/tickets (a kiosk) ----
  { name: 'issue: invalid JSON', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: '{"serviceId":', status: 400, code: 'BAD_JSON' },
  { name: 'issue: a JSON string', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: '"tax"', status: 400, code: 'BAD_JSON' },
  { name: 'issue: JSON null', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: 'null', status: 400, code: 'BAD_JSON' },
  { name: 'issue: an array', method: 'POST', path: '/api/tickets', as: 'kiosk', body: [VALID_ISSUE], status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: wrong types', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { serviceId: 5, channel: true }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: missing fields', method: 'POST', path: '/api/tickets', as: 'kiosk', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: no body', method: 'POST', path: '/api/tickets', as: 'kiosk', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: missing channel', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { serviceId: 'tax' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: extra field', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { ...VALID_ISSUE, admin: true }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: __proto__ key', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: '{"serviceId":"tax","channel":"kiosk","__proto__":{"priority":"elderly"}}', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: huge service id', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { serviceId: HUGE, channel: 'kiosk' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: body over 32 kB', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: OVER_32KB, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'issue: text/plain', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: JSON.stringify(VALID_ISSUE), headers: TEXT, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: form-encoded', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: 'serviceId=tax&channel=kiosk', headers: FORM, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: latin1 charset', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: JSON.stringify(VALID_ISSUE), headers: { 'content-type': 'application/json; charset=latin1' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'issue: unknown content-encoding', method: 'POST', path: '/api/tickets', as: 'kiosk', raw: JSON.stringify(VALID_ISSUE), headers: { 'content-encoding': 'zstd-ish' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'issue: unknown service', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { serviceId: 'nope', channel: 'kiosk' }, status: 404, code: 'SERVICE_NOT_FOUND' },
  { name: 'issue: traversal service id', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { serviceId: '../../etc/passwd', channel: 'kiosk' }, status: 404, code: 'SERVICE_NOT_FOUND' },
  { name: 'issue: unknown channel', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { serviceId: 'tax', channel: 'walk-in' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: unknown priority', method: 'POST', path: '/api/tickets', as: 'guide', body: { serviceId: 'tax', channel: 'guide', priority: 'vip' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: bad requestId', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { ...VALID_ISSUE, requestId: 'short' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: ID number malformed', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { ...VALID_ISSUE, idNumber: '12345' }, status: 400, code: 'ID_NUMBER_INVALID' },
  { name: 'issue: ID number region', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { ...VALID_ISSUE, idNumber: '012345199001011234' }, status: 400, code: 'ID_NUMBER_REGION' },
  { name: 'issue: ID number birth date', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { ...VALID_ISSUE, idNumber: testIdNumber('2030-01-01') }, status: 400, code: 'ID_NUMBER_BIRTH_DATE' },
  { name: 'issue: ID number check digit', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { ...VALID_ISSUE, idNumber: wrongCheckDigit(testIdNumber('1990-01-01')) }, status: 400, code: 'ID_NUMBER_CHECK_DIGIT' },
  { name: 'issue: ID number too long', method: 'POST', path: '/api/tickets', as: 'kiosk', body: { ...VALID_ISSUE, idNumber: '1'.repeat(33) }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'issue: anonymous', method: 'POST', path: '/api/tickets', body: VALID_ISSUE, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'issue: bad bearer token', method: 'POST', path: '/api/tickets', as: 'bad', body: VALID_ISSUE, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'issue: Basic auth', method: 'POST', path: '/api/tickets', body: VALID_ISSUE, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'issue: empty bearer', method: 'POST', path: '/api/tickets', body: VALID_ISSUE, headers: { authorization: 'Bearer ' }, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'issue: overlong bearer', method: 'POST', path: '/api/tickets', body: VALID_ISSUE, headers: { authorization: `Bearer ${'a'.repeat(1000)}` }, status: 401, code: 'UNAUTHENTICATED' },

  // ---- GET /api/tickets/:id and GET /api/tickets ----
  { name: 'ticket: unknown id', method: 'GET', path: '/api/tickets/AAAAAAAAAAAAAAAA', status: 404, code: 'TICKET_NOT_FOUND' },
  { name: 'ticket: traversal id', method: 'GET', path: `/api/tickets/${TRAVERSAL}`, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'ticket: NUL in id', method: 'GET', path: '/api/tickets/abc%00def', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'ticket: bad percent-encoding', method: 'GET', path: '/api/tickets/%E0%A4%A', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'ticket: overlong id', method: 'GET', path: `/api/tickets/${'a'.repeat(65)}`, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'ticket: __proto__ id', method: 'GET', path: '/api/tickets/__proto__', status: 404, code: 'TICKET_NOT_FOUND' },
  { name: 'ticket: bad token', method: 'GET', path: '/api/tickets/:waiting', as: 'bad', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'tickets: anonymous', method: 'GET', path: '/api/tickets', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'tickets: kiosk', method: 'GET', path: '/api/tickets?status=waiting', as: 'kiosk', status: 403, code: 'FORBIDDEN' },
  { name: 'tickets: bad token', method: 'GET', path: '/api/tickets', as: 'bad', status: 401, code: 'UNAUTHENTICATED' },

  // ---- POST /api/tickets/:id/divert ----
  { name: 'divert: unknown ticket', method: 'POST', path: '/api/tickets/nope/divert', as: 'guide', body: { serviceId: 'tax' }, status: 404, code: 'TICKET_NOT_FOUND' },
  { name: 'divert: traversal id', method: 'POST', path: `/api/tickets/${TRAVERSAL}/divert`, as: 'guide', body: { serviceId: 'tax' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'divert: invalid JSON', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', raw: '{serviceId: tax}', status: 400, code: 'BAD_JSON' },
  { name: 'divert: both targets', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', body: { serviceId: 'tax', windowId: 'w01' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'divert: no target', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'divert: wrong type', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', body: { serviceId: 1 }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'divert: extra field', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', body: { serviceId: 'tax', force: true }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'divert: unknown service', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', body: { serviceId: 'nope' }, status: 404, code: 'SERVICE_NOT_FOUND' },
  { name: 'divert: unknown window', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', body: { windowId: 'w99' }, status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'divert: same service', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', body: { serviceId: 'real-estate' }, status: 400, code: 'TRANSFER_TARGET_INVALID' },
  { name: 'divert: text/plain', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'guide', raw: '{"serviceId":"tax"}', headers: TEXT, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'divert: kiosk', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'kiosk', body: { serviceId: 'tax' }, status: 403, code: 'FORBIDDEN' },
  { name: 'divert: clerk', method: 'POST', path: '/api/tickets/:waiting/divert', as: 'clerk', body: { serviceId: 'tax' }, status: 403, code: 'FORBIDDEN' },
  { name: 'divert: anonymous', method: 'POST', path: '/api/tickets/:waiting/divert', body: { serviceId: 'tax' }, status: 401, code: 'UNAUTHENTICATED' },

  // ---- POST /api/tickets/:id/return ----
  { name: 'return: not a no-show', method: 'POST', path: '/api/tickets/:waiting/return', as: 'guide', status: 409, code: 'TICKET_NOT_NO_SHOW' },
  { name: 'return: extra field', method: 'POST', path: '/api/tickets/:waiting/return', as: 'guide', body: { force: true }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'return: invalid JSON', method: 'POST', path: '/api/tickets/:waiting/return', as: 'guide', raw: '{', status: 400, code: 'BAD_JSON' },
  { name: 'return: unknown ticket', method: 'POST', path: '/api/tickets/nope/return', as: 'guide', status: 404, code: 'TICKET_NOT_FOUND' },
  { name: 'return: clerk', method: 'POST', path: '/api/tickets/:waiting/return', as: 'clerk', status: 403, code: 'FORBIDDEN' },
  { name: 'return: bad token', method: 'POST', path: '/api/tickets/:waiting/return', as: 'bad', status: 401, code: 'UNAUTHENTICATED' },

  // ---- POST /api/tickets/:id/cancel ----
  { name: 'cancel: missing reason', method: 'POST', path: '/api/tickets/:waiting/cancel', as: 'guide', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'cancel: blank reason', method: 'POST', path: '/api/tickets/:waiting/cancel', as: 'guide', body: { reason: '   ' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'cancel: overlong reason', method: 'POST', path: '/api/tickets/:waiting/cancel', as: 'guide', body: { reason: '走'.repeat(101) }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'cancel: reason a number', method: 'POST', path: '/api/tickets/:waiting/cancel', as: 'guide', body: { reason: 42 }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'cancel: huge reason', method: 'POST', path: '/api/tickets/:waiting/cancel', as: 'guide', body: { reason: HUGE }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'cancel: unknown ticket', method: 'POST', path: '/api/tickets/nope/cancel', as: 'guide', body: { reason: '离开' }, status: 404, code: 'TICKET_NOT_FOUND' },
  { name: 'cancel: kiosk', method: 'POST', path: '/api/tickets/:waiting/cancel', as: 'kiosk', body: { reason: '离开' }, status: 403, code: 'FORBIDDEN' },

  // ---- POST /api/tickets/:id/priority ----
  { name: 'priority: unknown class', method: 'POST', path: '/api/tickets/:waiting/priority', as: 'guide', body: { priority: 'vip' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'priority: missing', method: 'POST', path: '/api/tickets/:waiting/priority', as: 'guide', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'priority: extra field', method: 'POST', path: '/api/tickets/:waiting/priority', as: 'guide', body: { priority: null, boost: 99 }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'priority: anonymous', method: 'POST', path: '/api/tickets/:waiting/priority', body: { priority: 'elderly' }, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'priority: on a called ticket', method: 'POST', path: '/api/tickets/:called/priority', as: 'guide', body: { priority: 'elderly' }, status: 409, code: 'TICKET_NOT_ACTIVE' },

  // ---- POST /api/auth/login ----
  { name: 'login: invalid JSON', method: 'POST', path: '/api/auth/login', raw: '{"username":"admin1",', status: 400, code: 'BAD_JSON' },
  { name: 'login: missing fields', method: 'POST', path: '/api/auth/login', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'login: wrong types', method: 'POST', path: '/api/auth/login', body: { username: 1, password: ['x'] }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'login: extra field', method: 'POST', path: '/api/auth/login', body: { username: 'admin1', password: 'password-123', role: 'admin' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'login: empty username', method: 'POST', path: '/api/auth/login', body: { username: '', password: 'x' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'login: huge password', method: 'POST', path: '/api/auth/login', body: { username: 'admin1', password: HUGE }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'login: text/plain', method: 'POST', path: '/api/auth/login', raw: JSON.stringify({ username: 'admin1', password: 'password-123' }), headers: TEXT, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'login: unknown user', method: 'POST', path: '/api/auth/login', body: { username: 'nobody', password: 'password-123' }, status: 401, code: 'LOGIN_FAILED' },
  { name: 'login: clerk at unknown window', method: 'POST', path: '/api/auth/login', body: { username: 'clerk3', password: 'password-123', windowId: 'w99' }, status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'login: clerk at traversal window', method: 'POST', path: '/api/auth/login', body: { username: 'clerk3', password: 'password-123', windowId: '../w01' }, status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'login: clerk at an occupied window', method: 'POST', path: '/api/auth/login', body: { username: 'clerk3', password: 'password-123', windowId: 'w01' }, status: 409, code: 'WINDOW_TAKEN' },
  { name: 'login: bad bearer token', method: 'POST', path: '/api/auth/login', as: 'bad', body: { username: 'admin1', password: 'password-123' }, status: 401, code: 'UNAUTHENTICATED' },

  // ---- POST /api/auth/logout, GET /api/auth/me ----
  { name: 'logout: anonymous', method: 'POST', path: '/api/auth/logout', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'logout: bad token', method: 'POST', path: '/api/auth/logout', as: 'bad', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'logout: a device', method: 'POST', path: '/api/auth/logout', as: 'kiosk', status: 403, code: 'FORBIDDEN' },
  { name: 'logout: invalid JSON', method: 'POST', path: '/api/auth/logout', as: 'clerk', raw: '{{', status: 400, code: 'BAD_JSON' },
  { name: 'logout: extra field', method: 'POST', path: '/api/auth/logout', as: 'clerk', body: { everywhere: true }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'logout: text/plain', method: 'POST', path: '/api/auth/logout', as: 'clerk', raw: 'bye', headers: TEXT, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'me: anonymous', method: 'GET', path: '/api/auth/me', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'me: bad token', method: 'GET', path: '/api/auth/me', as: 'bad', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'me: lower-case scheme, bad token', method: 'GET', path: '/api/auth/me', headers: { authorization: 'bearer 0000' }, status: 401, code: 'UNAUTHENTICATED' },

  // ---- GET/POST /api/users ----
  { name: 'users: anonymous', method: 'GET', path: '/api/users', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'users: guide', method: 'GET', path: '/api/users', as: 'guide', status: 403, code: 'FORBIDDEN' },
  { name: 'users: kiosk', method: 'GET', path: '/api/users', as: 'kiosk', status: 403, code: 'FORBIDDEN' },
  { name: 'create user: guide', method: 'POST', path: '/api/users', as: 'guide', body: { username: 'eve', displayName: '夏娃', role: 'admin', password: 'password-123' }, status: 403, code: 'FORBIDDEN' },
  { name: 'create user: clerk', method: 'POST', path: '/api/users', as: 'clerk', body: { username: 'eve', displayName: '夏娃', role: 'admin', password: 'password-123' }, status: 403, code: 'FORBIDDEN' },
  { name: 'create user: invalid JSON', method: 'POST', path: '/api/users', as: 'admin', raw: '{"username"', status: 400, code: 'BAD_JSON' },
  { name: 'create user: missing fields', method: 'POST', path: '/api/users', as: 'admin', body: { username: 'eve' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create user: bad username', method: 'POST', path: '/api/users', as: 'admin', body: { username: '../Eve!', displayName: '夏娃', role: 'guide', password: 'password-123' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create user: unknown role', method: 'POST', path: '/api/users', as: 'admin', body: { username: 'eve', displayName: '夏娃', role: 'root', password: 'password-123' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create user: short password', method: 'POST', path: '/api/users', as: 'admin', body: { username: 'eve', displayName: '夏娃', role: 'guide', password: 'short' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create user: extra field', method: 'POST', path: '/api/users', as: 'admin', body: { username: 'eve', displayName: '夏娃', role: 'guide', password: 'password-123', disabled: false }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create user: huge display name', method: 'POST', path: '/api/users', as: 'admin', body: { username: 'eve', displayName: HUGE, role: 'guide', password: 'password-123' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create user: taken name', method: 'POST', path: '/api/users', as: 'admin', body: { username: 'guide1', displayName: '重名', role: 'admin', password: 'password-123' }, status: 409, code: 'USERNAME_TAKEN' },

  // ---- devices ----
  { name: 'create device: anonymous', method: 'POST', path: '/api/devices', body: { kind: 'kiosk', name: 'k' }, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'create device: guide', method: 'POST', path: '/api/devices', as: 'guide', body: { kind: 'kiosk', name: 'k' }, status: 403, code: 'FORBIDDEN' },
  { name: 'create device: kiosk', method: 'POST', path: '/api/devices', as: 'kiosk', body: { kind: 'kiosk', name: 'k' }, status: 403, code: 'FORBIDDEN' },
  { name: 'create device: missing fields', method: 'POST', path: '/api/devices', as: 'admin', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create device: unknown kind', method: 'POST', path: '/api/devices', as: 'admin', body: { kind: 'toaster', name: 'k' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create device: blank name', method: 'POST', path: '/api/devices', as: 'admin', body: { kind: 'kiosk', name: '  ' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create device: extra field', method: 'POST', path: '/api/devices', as: 'admin', body: { kind: 'kiosk', name: 'k', token: 'mine' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create device: caller without window', method: 'POST', path: '/api/devices', as: 'admin', body: { kind: 'caller', name: 'c' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'create device: unknown window', method: 'POST', path: '/api/devices', as: 'admin', body: { kind: 'caller', name: 'c', windowId: 'w99' }, status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'create device: invalid JSON', method: 'POST', path: '/api/devices', as: 'admin', raw: '[', status: 400, code: 'BAD_JSON' },
  { name: 'create device: over 32 kB', method: 'POST', path: '/api/devices', as: 'admin', raw: OVER_32KB, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'enroll: missing code', method: 'POST', path: '/api/devices/enroll', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'enroll: short code', method: 'POST', path: '/api/devices/enroll', body: { code: '1234' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'enroll: numeric code', method: 'POST', path: '/api/devices/enroll', body: { code: 12345678 }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'enroll: extra field', method: 'POST', path: '/api/devices/enroll', body: { code: '12345678', kind: 'caller' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'enroll: unknown code', method: 'POST', path: '/api/devices/enroll', body: { code: '00000000' }, status: 401, code: 'ENROLLMENT_CODE_INVALID' },
  { name: 'enroll: invalid JSON', method: 'POST', path: '/api/devices/enroll', raw: 'code=12345678', status: 400, code: 'BAD_JSON' },
  { name: 'devices: anonymous', method: 'GET', path: '/api/devices', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'devices: guide', method: 'GET', path: '/api/devices', as: 'guide', status: 403, code: 'FORBIDDEN' },
  { name: 'devices: kiosk', method: 'GET', path: '/api/devices', as: 'kiosk', status: 403, code: 'FORBIDDEN' },
  { name: 'revoke: unknown id', method: 'DELETE', path: '/api/devices/nope', as: 'admin', status: 404, code: 'NOT_FOUND' },
  { name: 'revoke: traversal id', method: 'DELETE', path: `/api/devices/${TRAVERSAL}`, as: 'admin', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'revoke: guide', method: 'DELETE', path: '/api/devices/nope', as: 'guide', status: 403, code: 'FORBIDDEN' },
  { name: 'revoke: anonymous', method: 'DELETE', path: '/api/devices/nope', status: 401, code: 'UNAUTHENTICATED' },

  // ---- GET /api/windows, GET /api/windows/:id ----
  { name: 'windows: bad token', method: 'GET', path: '/api/windows', as: 'bad', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'window: unknown id', method: 'GET', path: '/api/windows/w99', status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'window: traversal id', method: 'GET', path: `/api/windows/${TRAVERSAL}`, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'window: __proto__', method: 'GET', path: '/api/windows/__proto__', status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'window: constructor', method: 'GET', path: '/api/windows/constructor', status: 404, code: 'WINDOW_NOT_FOUND' },

  // ---- POST /api/windows/:id/:action (the clerk of w01, whose ticket is called) ----
  { name: 'next: extra field', method: 'POST', path: '/api/windows/w01/next', as: 'clerk', body: { windowId: 'w02' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'next: text/plain', method: 'POST', path: '/api/windows/w01/next', as: 'clerk', raw: 'hello', headers: TEXT, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'next: over 32 kB', method: 'POST', path: '/api/windows/w01/next', as: 'clerk', raw: OVER_32KB, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'next: window busy', method: 'POST', path: '/api/windows/w01/next', as: 'clerk', status: 409, code: 'WINDOW_BUSY' },
  { name: 'recall: extra field', method: 'POST', path: '/api/windows/w01/recall', as: 'clerk', body: { times: 9 }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'start: an array', method: 'POST', path: '/api/windows/w01/start', as: 'clerk', body: [], status: 400, code: 'VALIDATION_FAILED' },
  { name: 'finish: invalid JSON', method: 'POST', path: '/api/windows/w01/finish', as: 'clerk', raw: '{"', status: 400, code: 'BAD_JSON' },
  { name: 'no-show: a JSON string', method: 'POST', path: '/api/windows/w01/no-show', as: 'clerk', raw: '"now"', status: 400, code: 'BAD_JSON' },
  { name: 'no-show: form-encoded', method: 'POST', path: '/api/windows/w01/no-show', as: 'clerk', raw: 'a=1', headers: FORM, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'transfer: no target', method: 'POST', path: '/api/windows/w01/transfer', as: 'clerk', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'transfer: both targets', method: 'POST', path: '/api/windows/w01/transfer', as: 'clerk', body: { serviceId: 'tax', windowId: 'w02' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'transfer: wrong type', method: 'POST', path: '/api/windows/w01/transfer', as: 'clerk', body: { windowId: 2 }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'transfer: huge id', method: 'POST', path: '/api/windows/w01/transfer', as: 'clerk', body: { serviceId: HUGE }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'transfer: unknown service', method: 'POST', path: '/api/windows/w01/transfer', as: 'clerk', body: { serviceId: 'nope' }, status: 404, code: 'SERVICE_NOT_FOUND' },
  { name: 'transfer: unknown window', method: 'POST', path: '/api/windows/w01/transfer', as: 'clerk', body: { windowId: 'w99' }, status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'transfer: to itself', method: 'POST', path: '/api/windows/w01/transfer', as: 'clerk', body: { windowId: 'w01' }, status: 400, code: 'TRANSFER_TARGET_INVALID' },
  { name: 'pause: no reason', method: 'POST', path: '/api/windows/w01/pause', as: 'clerk', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'pause: blank reason', method: 'POST', path: '/api/windows/w01/pause', as: 'clerk', body: { reason: ' ' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'pause: overlong reason', method: 'POST', path: '/api/windows/w01/pause', as: 'clerk', body: { reason: 'r'.repeat(101) }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'pause: while busy', method: 'POST', path: '/api/windows/w01/pause', as: 'clerk', body: { reason: '午休' }, status: 409, code: 'WINDOW_BUSY' },
  { name: 'resume: extra field', method: 'POST', path: '/api/windows/w01/resume', as: 'clerk', body: { reason: 'x' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'resume: not paused', method: 'POST', path: '/api/windows/w01/resume', as: 'clerk', status: 409, code: 'WINDOW_NOT_PAUSED' },
  { name: 'extended: wrong type', method: 'POST', path: '/api/windows/w01/extended', as: 'clerk', body: { on: 'yes' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'extended: missing', method: 'POST', path: '/api/windows/w01/extended', as: 'clerk', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'window action: unknown window', method: 'POST', path: '/api/windows/w99/next', as: 'clerk', status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'window action: traversal window', method: 'POST', path: `/api/windows/${TRAVERSAL}/next`, as: 'clerk', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'window action: unknown action', method: 'POST', path: '/api/windows/w01/explode', as: 'clerk', status: 404, code: 'NOT_FOUND' },
  { name: 'window action: constructor', method: 'POST', path: '/api/windows/w01/constructor', as: 'clerk', body: {}, status: 404, code: 'NOT_FOUND' },
  { name: 'window action: toString', method: 'POST', path: '/api/windows/w01/toString', as: 'clerk', body: {}, status: 404, code: 'NOT_FOUND' },
  { name: 'window action: __proto__', method: 'POST', path: '/api/windows/w01/__proto__', as: 'clerk', body: {}, status: 404, code: 'NOT_FOUND' },
  { name: 'window action: hasOwnProperty', method: 'POST', path: '/api/windows/w01/hasOwnProperty', as: 'clerk', body: {}, status: 404, code: 'NOT_FOUND' },
  { name: 'window action: valueOf', method: 'POST', path: '/api/windows/w01/valueOf', as: 'clerk', body: {}, status: 404, code: 'NOT_FOUND' },
  { name: 'window action: another window', method: 'POST', path: '/api/windows/w02/next', as: 'clerk', status: 403, code: 'NOT_YOUR_WINDOW' },
  { name: 'window action: guide', method: 'POST', path: '/api/windows/w01/finish', as: 'guide', status: 403, code: 'FORBIDDEN' },
  { name: 'window action: kiosk', method: 'POST', path: '/api/windows/w01/finish', as: 'kiosk', status: 403, code: 'FORBIDDEN' },
  { name: 'window action: anonymous', method: 'POST', path: '/api/windows/w01/finish', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'window action: bad token', method: 'POST', path: '/api/windows/w01/finish', as: 'bad', status: 401, code: 'UNAUTHENTICATED' },

  // ---- GET /api/events ----
  { name: 'events: anonymous', method: 'GET', path: '/api/events', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'events: kiosk', method: 'GET', path: '/api/events', as: 'kiosk', status: 403, code: 'FORBIDDEN' },
  { name: 'events: clerk', method: 'GET', path: '/api/events', as: 'clerk', status: 403, code: 'FORBIDDEN' },
  { name: 'events: negative after', method: 'GET', path: '/api/events?after=-1', as: 'guide', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'events: after not a number', method: 'GET', path: '/api/events?after=abc', as: 'guide', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'events: fractional after', method: 'GET', path: '/api/events?after=1.5', as: 'guide', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'events: limit 0', method: 'GET', path: '/api/events?limit=0', as: 'guide', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'events: limit too big', method: 'GET', path: '/api/events?limit=100000', as: 'guide', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'events: repeated after', method: 'GET', path: '/api/events?after=1&after=2', as: 'guide', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'events: unknown parameter', method: 'GET', path: '/api/events?since=0', as: 'guide', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'events: huge after', method: 'GET', path: `/api/events?after=${'9'.repeat(400)}`, as: 'guide', status: 400, code: 'VALIDATION_FAILED' },

  // ---- unknown /api paths ----
  { name: 'unknown: GET /api/nope', method: 'GET', path: '/api/nope', status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: GET /api', method: 'GET', path: '/api', status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: POST /api/nope', method: 'POST', path: '/api/nope', as: 'admin', body: { a: 1 }, status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: PUT /api/tickets', method: 'PUT', path: '/api/tickets', as: 'kiosk', body: VALID_ISSUE, status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: DELETE /api/windows/w01', method: 'DELETE', path: '/api/windows/w01', as: 'clerk', status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: PATCH /api/users', method: 'PATCH', path: '/api/users', as: 'admin', body: { role: 'admin' }, status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: GET /api/windows/w01/next', method: 'GET', path: '/api/windows/w01/next', as: 'clerk', status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: deeper ticket path', method: 'GET', path: '/api/tickets/a/b/c', status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: encoded traversal', method: 'GET', path: `/api/${TRAVERSAL}`, status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: demo devices outside demo mode', method: 'GET', path: '/api/demo/devices', status: 404, code: 'NOT_FOUND' },
  { name: 'unknown: with a bad token', method: 'GET', path: '/api/nope', as: 'bad', status: 401, code: 'UNAUTHENTICATED' },
];

function wrongCheckDigit(idNumber: string): string {
  const last = idNumber.slice(-1);
  return idNumber.slice(0, -1) + (last === '0' ? '1' : '0');
}

let hall: TestHall;
const tokens: Partial<Record<Who, string>> = { bad: 'not-a-real-token' };
let calledTicketId = '';
let waitingTicketId = '';
const sockets: HallSocket[] = [];

async function seq(): Promise<number> {
  const res = await api(hall.url, 'GET', '/api/health');
  expect(res.status).toBe(200);
  return res.body.seq as number;
}

async function send(
  c: Pick<Case, 'method' | 'path' | 'as' | 'body' | 'raw' | 'headers'>,
): Promise<ApiResponse> {
  const path = c.path.replace(':called', calledTicketId).replace(':waiting', waitingTicketId);
  return api(hall.url, c.method, path, {
    token: c.as ? tokens[c.as] : undefined,
    body: c.body,
    rawBody: c.raw,
    headers: c.headers,
  });
}

beforeAll(async () => {
  hall = await startTestHall();
  createStaff(hall, 'admin1', 'admin');
  createStaff(hall, 'guide1', 'guide');
  createStaff(hall, 'clerk1', 'clerk', '王小明');
  createStaff(hall, 'clerk2', 'clerk', '李四');
  createStaff(hall, 'clerk3', 'clerk', '赵六');
  tokens.admin = await login(hall.url, 'admin1');
  tokens.guide = await login(hall.url, 'guide1');
  tokens.clerk = await login(hall.url, 'clerk1', 'w01');
  await login(hall.url, 'clerk2', 'w02');
  tokens.kiosk = await enrollKiosk(hall, tokens.admin);

  const tax = await api(hall.url, 'POST', '/api/tickets', {
    token: tokens.kiosk,
    body: { serviceId: 'tax', channel: 'kiosk' },
  });
  expect(tax.status).toBe(201);
  const called = await api(hall.url, 'POST', '/api/windows/w01/next', { token: tokens.clerk });
  expect(called.status).toBe(200);
  calledTicketId = called.body.ticket.id;
  const waiting = await api(hall.url, 'POST', '/api/tickets', {
    token: tokens.guide,
    body: { serviceId: 'real-estate', channel: 'guide' },
  });
  expect(waiting.status).toBe(201);
  waitingTicketId = waiting.body.id;
});

/** Closes a socket and waits until its engine is closed too. */
function closeSocket(socket: HallSocket): Promise<void> {
  return new Promise((resolve) => {
    const engine = socket.io.engine;
    if (!engine || engine.readyState === 'closed') {
      socket.close();
      resolve();
      return;
    }
    const timer = setTimeout(resolve, 2000);
    engine.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close();
  });
}

afterEach(async () => {
  await Promise.all(sockets.splice(0).map(closeSocket));
});

afterAll(async () => {
  await hall?.server.close();
});

describe('every route refuses malformed input with a coded bilingual error, changing nothing', () => {
  let seqBefore = 0;
  let devicesBefore = 0;
  let usersBefore = 0;
  let calledBefore: unknown;
  let waitingBefore: unknown;

  beforeAll(async () => {
    seqBefore = await seq();
    devicesBefore = (await api(hall.url, 'GET', '/api/devices', { token: tokens.admin })).body
      .devices.length;
    usersBefore = (await api(hall.url, 'GET', '/api/users', { token: tokens.admin })).body.users
      .length;
    calledBefore = (await api(hall.url, 'GET', `/api/tickets/${calledTicketId}`)).body;
    waitingBefore = (await api(hall.url, 'GET', `/api/tickets/${waitingTicketId}`)).body;
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await send(c);
    expectApiError(res, c.status, c.code);
  });

  test('after the whole batch: same seq, devices, users, tickets and sessions', async () => {
    expect(await seq()).toBe(seqBefore);
    expect(
      (await api(hall.url, 'GET', '/api/devices', { token: tokens.admin })).body.devices,
    ).toHaveLength(devicesBefore);
    expect(
      (await api(hall.url, 'GET', '/api/users', { token: tokens.admin })).body.users,
    ).toHaveLength(usersBefore);
    expect((await api(hall.url, 'GET', `/api/tickets/${calledTicketId}`)).body).toEqual(
      calledBefore,
    );
    expect((await api(hall.url, 'GET', `/api/tickets/${waitingTicketId}`)).body).toEqual(
      waitingBefore,
    );
    const me = await api(hall.url, 'GET', '/api/auth/me', { token: tokens.clerk });
    expect(me.status).toBe(200);
    expect(me.body.window.id).toBe('w01');
    const w01 = await api(hall.url, 'GET', '/api/windows/w01');
    expect(w01.body.window.status).toBe('calling');
    expect(w01.body.ticket.id).toBe(calledTicketId);
  });

  test('a body-less action with no body, or an empty JSON object, is accepted', async () => {
    // The control for the refusals above: the routes do work when asked properly.
    const bare = await api(hall.url, 'POST', '/api/windows/w01/recall', { token: tokens.clerk });
    expect(bare.status).toBe(200);
    const empty = await api(hall.url, 'POST', '/api/windows/w01/recall', {
      token: tokens.clerk,
      body: {},
    });
    expect(empty.status).toBe(200);
    expect(await seq()).toBe(seqBefore + 2);
  });
});

// ---- random input ----------------------------------------------------------------------

const SERVICE_IDS = [
  'tax',
  'social-insurance',
  'real-estate',
  'police',
  'housing-fund',
  'comprehensive',
];
const WINDOW_IDS = Array.from({ length: 55 }, (_, i) => `w${String(i + 1).padStart(2, '0')}`);

/** What to send: a raw body (undefined: none) and, for shaped input, the value it encodes. */
interface Sent {
  raw: string | undefined;
  value?: unknown;
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return undefined;
  }
}

/** Arbitrary JSON, objects, anything (serialised where it can be) and random strings. */
function junk(): fc.Arbitrary<Sent> {
  return fc.oneof(
    fc.jsonValue().map((v) => ({ raw: JSON.stringify(v), value: v })),
    fc.object().map((v) => ({ raw: safeStringify(v) })),
    fc.anything().map((v) => ({ raw: safeStringify(v) })),
    fc.string({ maxLength: 200 }).map((raw) => ({ raw })),
    fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => ({ raw })),
  );
}

/** A body of the right shape, now and then with an extra key (which the strict schemas refuse). */
function shaped<T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<Sent> {
  const extra = fc.oneof(
    { weight: 5, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), {
        minKeys: 1,
        maxKeys: 2,
      }),
    },
  );
  return fc.tuple(arb, extra).map(([value, more]) => {
    const merged = more ? { ...more, ...value } : value;
    return { raw: JSON.stringify(merged), value: merged };
  });
}

function parsedOf(sent: Sent): unknown {
  if (sent.raw === undefined) return undefined;
  try {
    return JSON.parse(sent.raw);
  } catch {
    return undefined;
  }
}

function expectWellFormed(res: ApiResponse): void {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) expectSomeApiError(res);
}

describe('random input (fast-check)', () => {
  test('POST /api/tickets as a kiosk: never a 500; the seq moves only for an issued ticket', async () => {
    const usedRequestIds = new Set<string>();
    const body = fc.record(
      {
        serviceId: fc.oneof(fc.constantFrom(...SERVICE_IDS), fc.string({ maxLength: 70 })),
        channel: fc.oneof(
          fc.constantFrom('kiosk', 'appointment', 'guide', 'online'),
          fc.string({ maxLength: 10 }),
        ),
        idNumber: fc.oneof(
          fc
            .date({ min: new Date('1920-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
            .map((d) => testIdNumber(d.toISOString().slice(0, 10))),
          fc.string({ maxLength: 40 }),
        ),
        priority: fc.constantFrom(null, 'elderly', 'vip'),
        requestId: fc.oneof(
          fc.constantFrom('request-0001', 'request-0002', 'request-0003'),
          fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/),
          fc.string({ maxLength: 10 }),
        ),
      },
      { requiredKeys: ['serviceId', 'channel'] },
    );
    const clean = fc.record({
      serviceId: fc.constantFrom(...SERVICE_IDS),
      channel: fc.constantFrom('kiosk', 'appointment'),
    });
    // A kiosk issues only kiosk tickets; appointment tickets come through check-in.
    await fc.assert(
      fc.asyncProperty(fc.oneof(junk(), shaped(body), shaped(clean)), async (sent) => {
        const before = await seq();
        const res = await api(hall.url, 'POST', '/api/tickets', {
          token: tokens.kiosk,
          rawBody: sent.raw,
        });
        expectWellFormed(res);
        const after = await seq();
        const parsed = issueTicketBody.safeParse(parsedOf(sent));
        if (res.status === 201) {
          // A valid issue: exactly one event (ticket.issued), of a kiosk's kind.
          expect(after).toBe(before + 1);
          expect(parsed.success).toBe(true);
          if (parsed.success) {
            expect(parsed.data.channel).toBe('kiosk');
            expect(parsed.data.priority ?? null).toBeNull();
            if (parsed.data.requestId) usedRequestIds.add(parsed.data.requestId);
          }
        } else {
          expect(after).toBe(before);
          if (res.status === 200) {
            expect(res.headers.get('idempotent-replayed')).toBe('true');
          }
        }
        // A clean request for a known service must succeed.
        if (
          parsed.success &&
          SERVICE_IDS.includes(parsed.data.serviceId) &&
          parsed.data.channel === 'kiosk' &&
          !parsed.data.priority &&
          parsed.data.idNumber === undefined &&
          parsed.data.requestId === undefined
        ) {
          expect(res.status).toBe(201);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('POST /api/windows/w01/transfer as its clerk: never a 500; the seq moves only for a transfer', async () => {
    const target = fc.record(
      {
        serviceId: fc.oneof(fc.constantFrom(...SERVICE_IDS), fc.string({ maxLength: 70 })),
        windowId: fc.oneof(
          fc.constantFrom(...WINDOW_IDS),
          fc.constantFrom('w99', '__proto__', '../w02'),
          fc.string({ maxLength: 70 }),
        ),
      },
      { requiredKeys: [] },
    );
    const clean = fc.oneof(
      fc.record({ serviceId: fc.constantFrom(...SERVICE_IDS) }),
      fc.record({ windowId: fc.constantFrom(...WINDOW_IDS) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(junk(), shaped(target), shaped(clean)), async (sent) => {
        // Make sure w01 has a called ticket to transfer.
        const w01 = await api(hall.url, 'GET', '/api/windows/w01');
        if (!w01.body.ticket) {
          const issued = await api(hall.url, 'POST', '/api/tickets', {
            token: tokens.kiosk,
            body: { serviceId: 'tax', channel: 'kiosk' },
          });
          expect(issued.status).toBe(201);
          const next = await api(hall.url, 'POST', '/api/windows/w01/next', {
            token: tokens.clerk,
          });
          expect(next.status).toBe(200);
        }
        const before = await seq();
        const res = await api(hall.url, 'POST', '/api/windows/w01/transfer', {
          token: tokens.clerk,
          rawBody: sent.raw,
        });
        expectWellFormed(res);
        const after = await seq();
        expect(after).toBe(res.status === 200 ? before + 1 : before);
        const parsed = transferBody.safeParse(parsedOf(sent));
        if (res.status === 200) expect(parsed.success).toBe(true);
        if (parsed.success) {
          const { serviceId, windowId } = parsed.data;
          let expected: number;
          if (serviceId !== undefined)
            expected =
              SERVICE_IDS.includes(serviceId) || hall.hall.services.some((s) => s.id === serviceId)
                ? 200
                : 404;
          else if (windowId === 'w01') expected = 400;
          else expected = WINDOW_IDS.includes(windowId ?? '') ? 200 : 404;
          expect(res.status).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('POST /api/auth/login: never a 500; the seq moves only when a clerk opens a closed window', async () => {
    createStaff(hall, 'fuzzguide', 'guide');
    createStaff(hall, 'fuzzclerk', 'clerk');
    const fuzzWindows = ['w50', 'w51', 'w52', 'w53'];
    const body = fc.record(
      {
        username: fc.oneof(
          fc.constantFrom('fuzzguide', 'fuzzclerk', 'nobody'),
          fc.string({ maxLength: 70 }),
        ),
        password: fc.oneof(
          { weight: 3, arbitrary: fc.constant('password-123') },
          { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
        ),
        windowId: fc.oneof(fc.constantFrom(...fuzzWindows, 'w99'), fc.string({ maxLength: 70 })),
      },
      { requiredKeys: ['username', 'password'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(junk(), shaped(body)), async (sent) => {
        const parsed = loginBody.safeParse(parsedOf(sent));
        const windowId = parsed.success ? parsed.data.windowId : undefined;
        const windowBefore =
          windowId && fuzzWindows.includes(windowId)
            ? (await api(hall.url, 'GET', `/api/windows/${windowId}`)).body.window.status
            : null;
        const before = await seq();
        const res = await api(hall.url, 'POST', '/api/auth/login', { rawBody: sent.raw });
        expectWellFormed(res);
        const after = await seq();
        if (!parsed.success) {
          expect(res.status).toBe(400);
          expect(after).toBe(before);
          return;
        }
        const { username, password } = parsed.data;
        const right =
          password === 'password-123' && (username === 'fuzzguide' || username === 'fuzzclerk');
        if (!right) expect([401, 429]).toContain(res.status);
        if (res.status === 200) {
          expect(right).toBe(true);
          expect(typeof res.body.token).toBe('string');
          if (username === 'fuzzclerk' && windowId) {
            // Opening the window, closing the one the clerk left, taking over one left open
            // by a clerk no longer logged in: at most three window events, and the clerk is
            // there. Tickets transferred to a window that closes go back to their service.
            const events = hall.server.ctx.hall.publicEventsAfter(before, 100);
            expect(events).toHaveLength(after - before);
            const windowEvents = events.filter((e) => e.type === 'window.status');
            expect(windowEvents.length).toBeLessThanOrEqual(3);
            for (const e of events.filter((e) => e.type !== 'window.status')) {
              expect(e).toMatchObject({ type: 'ticket.transferred', toWindowId: null });
            }
            if (windowBefore === 'closed') expect(after).toBeGreaterThan(before);
            const now = (await api(hall.url, 'GET', `/api/windows/${windowId}`)).body.window;
            expect(now.status).not.toBe('closed');
          } else {
            expect(after).toBe(before);
          }
        } else {
          expect(after).toBe(before);
        }
        if (right && username === 'fuzzclerk' && res.status !== 429) {
          if (!windowId) expect(res.body.error.code).toBe('WINDOW_REQUIRED');
          else if (!fuzzWindows.includes(windowId))
            expect(res.body.error.code).toBe('WINDOW_NOT_FOUND');
          else expect(res.status).toBe(200);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---- socket.io -------------------------------------------------------------------------

function connectError(socket: HallSocket): Promise<Error> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no connect_error')), 3000);
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('connected'));
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      resolve(error);
    });
  });
}

describe('socket.io', () => {
  test('a handshake with a bad token is refused', async () => {
    const socket = connectSocket(hall.url, { token: 'not-a-real-token' });
    sockets.push(socket);
    expect((await connectError(socket)).message).toBe('UNAUTHENTICATED');
  });

  test('a handshake with a malformed auth payload is refused', async () => {
    for (const auth of [
      { token: 42 },
      { token: 'a'.repeat(300) },
      { lastSeq: -1 },
      { lastSeq: 'x' },
      { epoch: 'e'.repeat(100) },
    ]) {
      const socket = connectSocket(hall.url, auth as any);
      sockets.push(socket);
      expect((await connectError(socket)).message).toBe('VALIDATION_FAILED');
    }
  });

  test('sync with garbage answers an error and the server keeps going', async () => {
    const before = await seq();
    const socket = connectSocket(hall.url);
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const garbage: unknown[] = [
      5,
      'sync please',
      true,
      [],
      [1, 2, 3],
      { epoch: 5 },
      { lastSeq: -1 },
      { lastSeq: 1.5 },
      { lastSeq: '3' },
      { lastSeq: Number.MAX_SAFE_INTEGER + 2 },
      { epoch: 'e'.repeat(65) },
      { epoch: 'x', lastSeq: 0, extra: 1 },
      { __proto__: { lastSeq: 0 }, epoch: {} },
      { nested: { deep: [{ deeper: 'x'.repeat(10_000) }] } },
    ];
    const sync = (payload: unknown): Promise<any> =>
      (socket.timeout(3000) as any).emitWithAck('sync', payload);
    for (const payload of garbage) {
      const answer = await sync(payload);
      expect(answer).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: expect.stringMatching(HAN),
          messageZh: ERRORS.VALIDATION_FAILED.zh,
          messageEn: ERRORS.VALIDATION_FAILED.en,
        },
      });
      expect(answer.error.message).toMatch(ENGLISH);
    }
    // No ack function: ignored. Then a proper sync still works.
    (socket.emit as unknown as (name: string, payload: unknown) => void)('sync', {
      lastSeq: 'no ack',
    });
    const good = await sync({});
    expect(good.mode).toBe('snapshot');
    expect(socket.connected).toBe(true);
    const health = await api(hall.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.ok).toBe(true);
    expect(health.body.seq).toBe(before);
  });
});
