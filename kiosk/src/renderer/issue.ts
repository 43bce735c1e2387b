import type { ApiError, IssuedTicket } from '../../../shared/src/protocol/http';
import type { IssueAttempt, IssueRequest } from '../bridge/types';

export type IssueOutcome =
  /** The server committed the ticket (201), or had committed it already (200 replay). */
  | { kind: 'issued'; ticket: IssuedTicket; replayed: boolean }
  /** The server answered no (ALREADY_HAS_TICKET, HALL_NOT_ISSUING…): its message is shown. */
  | { kind: 'refused'; status: number; error: ApiError['error'] }
  /** No answer after every retry: nothing may be printed. */
  | { kind: 'unreachable'; attempts: number }
  /** The ID card was forgotten meanwhile. */
  | { kind: 'no-card' };

export interface RetryOptions {
  /** The pause before each retry; their number bounds the retries. */
  delaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (retry: number) => void;
}

export const RETRY_DELAYS_MS = [500, 1000, 2000];

function isIssuedTicket(body: unknown): body is IssuedTicket {
  const t = body as Partial<IssuedTicket> | null;
  return (
    typeof t?.number === 'string' &&
    typeof t.statusPath === 'string' &&
    Array.isArray(t.windowNumbers) &&
    Array.isArray(t.materials)
  );
}

function errorOf(body: unknown): ApiError['error'] | null {
  const error = (body as Partial<ApiError> | null)?.error;
  return error && typeof error.code === 'string' ? error : null;
}

/**
 * One citizen's ticket request: sent, and on a network error or a 5xx sent again with the
 * same requestId (so a request that reached the server but whose answer was lost gets the
 * same ticket back, 200 Idempotent-Replayed, and never a second one), a bounded number of
 * times. Only a 201 or 200 carrying an IssuedTicket counts as issued: anything else is a
 * refusal or, after the last retry, unreachable. The caller prints only an `issued`.
 */
export async function issueWithRetry<R = IssueRequest>(
  attempt: (request: R) => Promise<IssueAttempt>,
  request: R,
  options: RetryOptions = {},
): Promise<IssueOutcome> {
  const delays = options.delaysMs ?? RETRY_DELAYS_MS;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 0; ; i += 1) {
    const result = await attempt(request);
    if (result.kind === 'no-card') return { kind: 'no-card' };
    if (result.kind === 'answer') {
      if ((result.status === 201 || result.status === 200) && isIssuedTicket(result.body)) {
        return { kind: 'issued', ticket: result.body, replayed: result.status === 200 };
      }
      if (result.status < 500) {
        return {
          kind: 'refused',
          status: result.status,
          error: errorOf(result.body) ?? {
            code: 'INTERNAL',
            message: '请到服务台 (Please ask at the service desk)',
            messageZh: '请到服务台',
            messageEn: 'Please ask at the service desk',
          },
        };
      }
    }
    // No answer, or a server error: nothing is known to be committed, the key makes a retry safe.
    if (i >= delays.length) return { kind: 'unreachable', attempts: i + 1 };
    options.onRetry?.(i + 1);
    await sleep(delays[i] as number);
  }
}

/** A fresh idempotency key: 128 random bits, base64url (works without a secure context). */
export function newRequestId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
