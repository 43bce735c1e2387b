import type { HallConfig } from '../../../../shared/src/domain/hall-config';
import type { ApiError } from '../../../../shared/src/protocol/http';

/** GET /api/hall/config: names, services (with materials) and windows. */
export type HallConfigView = Pick<
  HallConfig,
  'id' | 'name' | 'timeZone' | 'areas' | 'services' | 'windows' | 'hours'
>;

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
  }
  get code(): string | null {
    return this.body?.error.code ?? null;
  }
  /** What people read: the server's bilingual message, or a plain network note. */
  get zh(): string {
    return (
      this.body?.error.messageZh ??
      (this.status === 0 ? '无法连接服务器，请检查网络' : `请求失败（${this.status}）`)
    );
  }
  get en(): string {
    return (
      this.body?.error.messageEn ??
      (this.status === 0 ? 'Cannot reach the server' : `Request failed (${this.status})`)
    );
  }
}

/** A JSON call to the hall server; throws ApiFailure (status 0: no answer at all). */
export async function apiCall<T>(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure(0, null);
  }
  if (response.status === 204) return null as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const body =
      parsed && typeof parsed === 'object' && 'error' in parsed ? (parsed as ApiError) : null;
    throw new ApiFailure(response.status, body);
  }
  return parsed as T;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries until the server answers (a display may boot before the server). */
export async function untilAnswered<T>(load: () => Promise<T>, everyMs = 1500): Promise<T> {
  for (;;) {
    try {
      return await load();
    } catch (error) {
      if (error instanceof ApiFailure && error.status >= 400 && error.status < 500) throw error;
      await sleep(everyMs);
    }
  }
}

export function loadHallConfig(): Promise<HallConfigView> {
  return untilAnswered(() => apiCall<HallConfigView>('GET', '/api/hall/config'));
}
