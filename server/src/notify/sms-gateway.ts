import fs from 'node:fs';

/** One text message: the full number goes only to the gateway, never into a log or a text. */
export interface SmsMessage {
  /** Idempotency key (ticket id + notice): the gateway may drop a second message with it. */
  id: string;
  to: string;
  text: string;
}

/** Thrown by a gateway; `retry: false` for an answer that will not change (a bad number). */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** The hall's SMS provider, pluggable: the HTTP adapter below, or anything with `send`. */
export interface SmsGateway {
  send(message: SmsMessage): Promise<void>;
}

export interface HttpSmsGatewayConfig {
  url: string;
  token?: string;
  timeoutMs?: number;
}

/**
 * An SMS provider behind one HTTP endpoint: POST {id, to, text} as JSON with a bearer
 * token; any 2xx is accepted. 4xx (except 408/429) means the message can never go;
 * anything else (5xx, time-out, refused connection) is retried by the outbox.
 */
export class HttpSmsGateway implements SmsGateway {
  constructor(private readonly config: HttpSmsGatewayConfig) {}

  async send(message: SmsMessage): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.id,
          ...(this.config.token ? { authorization: `Bearer ${this.config.token}` } : {}),
        },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new SmsSendError(`gateway unreachable: ${(error as Error).message}`, true);
    }
    await res.text().catch(() => '');
    if (res.ok) return;
    const retry = res.status >= 500 || res.status === 408 || res.status === 429;
    throw new SmsSendError(`gateway answered ${res.status}`, retry);
  }
}

/**
 * The gateway from the server's own settings, never from the hall configuration (which
 * clients can read): HALLQ_SMS_URL and HALLQ_SMS_TOKEN, or a JSON file named by
 * HALLQ_SMS_CONFIG ({"url": …, "token": …}). None: the hall sends no SMS.
 */
export function smsGatewayFromEnv(env: NodeJS.ProcessEnv): SmsGateway | null {
  if (env.HALLQ_SMS_CONFIG) {
    const file = JSON.parse(fs.readFileSync(env.HALLQ_SMS_CONFIG, 'utf8')) as HttpSmsGatewayConfig;
    if (typeof file.url !== 'string') throw new Error(`${env.HALLQ_SMS_CONFIG}: "url" is missing`);
    return new HttpSmsGateway(file);
  }
  if (env.HALLQ_SMS_URL) {
    return new HttpSmsGateway({ url: env.HALLQ_SMS_URL, token: env.HALLQ_SMS_TOKEN || undefined });
  }
  return null;
}
