import { html, toast } from './dom';
import { COMMON } from './texts';

/**
 * Staff sign-in for the consoles: a login form, the token kept for this browser tab
 * (sessionStorage: closing the tab signs out), and a fetch helper that speaks the API's
 * JSON and shows its Chinese error messages.
 */

export interface Me {
  kind: 'user';
  username: string;
  displayName: string;
  role: 'admin' | 'manager' | 'guide' | 'clerk';
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** The problems a VALIDATION_FAILED lists, one per line. */
  get problems(): string[] {
    const problems = (
      this.details as { problems?: { path: string; message: string }[] } | undefined
    )?.problems;
    return problems?.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)) ?? [];
  }
}

export class StaffSession {
  token: string | null;
  me: Me | null = null;

  constructor(
    private readonly app: string,
    private readonly roles: Me['role'][],
  ) {
    this.token = sessionStorage.getItem(`hallq.${app}.token`);
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(method, path, body);
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (!res.ok) {
      const error = (parsed as { error?: { code: string; messageZh: string; details?: unknown } })
        ?.error;
      if (res.status === 401 && path !== '/api/auth/login') this.forget();
      throw new ApiFailure(
        res.status,
        error?.code ?? 'INTERNAL',
        error?.messageZh ?? COMMON.requestFailed.replace('{status}', String(res.status)),
        error?.details,
      );
    }
    return parsed as T;
  }

  fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A download (CSV, XLSX, JSON) with the token, saved under the server's file name. */
  async download(path: string, fallbackName: string): Promise<void> {
    const res = await this.fetch('GET', path);
    if (!res.ok)
      throw new ApiFailure(
        res.status,
        'DOWNLOAD',
        COMMON.downloadFailed.replace('{status}', String(res.status)),
        null,
      );
    const disposition = res.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    const plain = /filename="([^"]+)"/.exec(disposition);
    const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Checks a kept token; resolves with who is signed in, or null. */
  async resume(): Promise<Me | null> {
    if (!this.token) return null;
    try {
      const me = await this.request<Me>('GET', '/api/auth/me');
      if (me.kind !== 'user' || !this.roles.includes(me.role)) {
        this.forget();
        return null;
      }
      this.me = me;
      return me;
    } catch {
      this.forget();
      return null;
    }
  }

  async login(username: string, password: string): Promise<Me> {
    const answer = await this.request<{ token: string; role: Me['role'] }>(
      'POST',
      '/api/auth/login',
      { username, password },
    );
    if (!this.roles.includes(answer.role)) {
      this.token = answer.token;
      await this.request('POST', '/api/auth/logout').catch(() => undefined);
      this.forget();
      throw new ApiFailure(403, 'FORBIDDEN', COMMON.notForYou, null);
    }
    this.token = answer.token;
    sessionStorage.setItem(`hallq.${this.app}.token`, answer.token);
    const me = await this.resume();
    if (!me) throw new ApiFailure(401, 'UNAUTHENTICATED', COMMON.loginFailed, null);
    return me;
  }

  async logout(): Promise<void> {
    await this.request('POST', '/api/auth/logout').catch(() => undefined);
    this.forget();
  }

  forget(): void {
    this.token = null;
    this.me = null;
    sessionStorage.removeItem(`hallq.${this.app}.token`);
  }
}

/** The sign-in screen; resolves once a permitted person has signed in. */
export function loginScreen(
  root: HTMLElement,
  session: StaffSession,
  text: { title: string; hint: string },
  onSignedIn?: (event: SubmitEvent) => void,
): Promise<Me> {
  root.innerHTML = html`<main class="login">
    <form class="card" data-testid="login">
      <h1>${text.title}</h1>
      <p class="muted">${text.hint}</p>
      <label
        >${COMMON.username}<input name="username" autocomplete="username" required autofocus
      /></label>
      <label
        >${COMMON.password}<input
          name="password"
          type="password"
          autocomplete="current-password"
          required
      /></label>
      <p class="error" data-testid="login-error" hidden></p>
      <button type="submit" class="primary">${COMMON.login}</button>
    </form>
  </main>`.html;
  const form = root.querySelector('form') as HTMLFormElement;
  return new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      onSignedIn?.(event);
      const data = new FormData(form);
      const error = form.querySelector('.error') as HTMLElement;
      error.hidden = true;
      session
        .login(String(data.get('username')), String(data.get('password')))
        .then(resolve)
        .catch((failure: unknown) => {
          error.textContent = failure instanceof Error ? failure.message : COMMON.loginFailed;
          error.hidden = false;
        });
    });
  });
}

/** Shows an API failure to people: its Chinese message and any listed problems. */
export function showFailure(failure: unknown): void {
  if (failure instanceof ApiFailure) {
    const extra = failure.problems.length > 0 ? `：${failure.problems.join('；')}` : '';
    toast(`${failure.message}${extra}`, 'error');
  } else toast(failure instanceof Error ? failure.message : String(failure), 'error');
}
