import '../common/base.css';
import './clerk.css';
import '../../bridge';
import type { WindowDisplayStatus } from '../../../../shared/src/domain/hall-state';
import type { PublicEvent } from '../../../../shared/src/protocol/events';
import type { HallMirror } from '../../../../shared/src/protocol/hall-mirror';
import type {
  LoginAnswer,
  TicketView,
  WindowRef,
  WindowView,
} from '../../../../shared/src/protocol/http';
import { element, escapeHtml, query, setHtml } from '../common/dom';
import {
  apiCall,
  ApiFailure,
  loadHallConfig,
  untilAnswered,
  type HallConfigView,
} from '../common/hall';
import { startLive, type DisplayLive } from '../common/live';
import { ACTIONS, PAUSE_REASONS, actionForKey, enabled, type ClerkAction } from './actions';
import { bindBundleActions, bundlePanel } from './bundle';
import { refreshCollection } from './collection';

/**
 * The clerk's caller console (窗口叫号) at /clerk: log in at a window, see the queues this
 * window serves and the current citizen's service and materials, and act with buttons or
 * keys: 叫号 (N), 重呼 (R), 开始办理 (S), 办结 (F), 过号 (X), 转交 (T), 暂停/恢复 (P), 延时 (E).
 * The session is kept in localStorage (`hallq.clerk`) until logout or expiry.
 */

interface Session {
  token: string;
  username: string;
  window: WindowRef;
}

const STORE = 'hallq.clerk';
const app = element('#app');
let config: HallConfigView | null = null;
let session: Session | null = null;
let live: DisplayLive | null = null;
let mirror: HallMirror | null = null;
let current: TicketView | null = null;
let waiting: TicketView[] = [];
let busy = false;
let dialog: 'transfer' | 'pause' | null = null;
let displayName = '';

const STATUS_TEXT: Record<WindowDisplayStatus, string> = {
  calling: '叫号中',
  serving: '办理中',
  idle: '空闲',
  paused: '暂停服务',
  closed: '未开放',
};

// ---- messages ------------------------------------------------------------------------

function say(kind: 'ok' | 'error' | 'info', zh: string, en = ''): void {
  const bar = document.querySelector<HTMLElement>('[data-testid="message"]');
  if (!bar) return;
  bar.className = `message ${kind}`;
  bar.innerHTML = `${escapeHtml(zh)}${en ? `<span class="en">${escapeHtml(en)}</span>` : ''}`;
}

function sayFailure(error: unknown): void {
  const failure = error instanceof ApiFailure ? error : new ApiFailure(0, null);
  say('error', failure.zh, failure.en);
}

// ---- login ---------------------------------------------------------------------------

function renderLogin(notice?: { zh: string; en: string }): void {
  const windows = [...(config?.windows ?? [])].sort((a, b) => a.number - b.number);
  const last = Number(query.get('window') ?? localStorage.getItem(`${STORE}.window`) ?? NaN);
  app.innerHTML = `
  <div class="login">
    <form data-testid="login-form">
      <h1>窗口叫号 <span class="en">Clerk console</span></h1>
      <p class="hall">${escapeHtml(config?.name ?? '')}</p>
      <label><span>用户名 <span class="en">User</span></span><input name="username" autocomplete="username" required data-testid="login-username"></label>
      <label><span>密码 <span class="en">Password</span></span><input name="password" type="password" autocomplete="current-password" required data-testid="login-password"></label>
      <label><span>窗口 <span class="en">Window</span></span><select name="window" data-testid="login-window">${windows
        .map(
          (w) =>
            `<option value="${escapeHtml(w.id)}"${w.number === last ? ' selected' : ''}>${w.number} 号窗口 · ${escapeHtml(w.name)}</option>`,
        )
        .join('')}</select></label>
      <button type="submit" data-testid="login-submit">登录 <span class="en">Log in</span></button>
      <div class="message ${notice ? 'info' : ''}" data-testid="message">${notice ? `${escapeHtml(notice.zh)}<span class="en">${escapeHtml(notice.en)}</span>` : ''}</div>
    </form>
  </div>`;
  const form = element<HTMLFormElement>('form', app);
  element<HTMLInputElement>('[name="username"]', form).focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    void login(
      String(data.get('username')),
      String(data.get('password')),
      String(data.get('window')),
    );
  });
}

async function login(username: string, password: string, windowId: string): Promise<void> {
  const button = element<HTMLButtonElement>('[data-testid="login-submit"]', app);
  button.disabled = true;
  try {
    const answer = await apiCall<LoginAnswer>('POST', '/api/auth/login', {
      body: { username, password, windowId },
    });
    if (answer.role !== 'clerk' || !answer.window) {
      say('error', '此账号不是窗口人员账号', 'This account is not a clerk');
      return;
    }
    session = { token: answer.token, username: answer.username, window: answer.window };
    localStorage.setItem(STORE, JSON.stringify(session));
    localStorage.setItem(`${STORE}.window`, String(answer.window.number));
    await enterConsole();
  } catch (error) {
    sayFailure(error);
  } finally {
    if (button.isConnected) button.disabled = false;
  }
}

async function logout(): Promise<void> {
  if (!session) return;
  try {
    await apiCall('POST', '/api/auth/logout', { token: session.token });
  } catch (error) {
    // A citizen still at the window: the server says finish first; stay logged in.
    if (error instanceof ApiFailure && error.status !== 401) return sayFailure(error);
  }
  leave({ zh: '已退出登录，窗口已关闭', en: 'Logged out; the window is closed' });
}

/** Back to the login form (logout, or the session ended elsewhere). */
function leave(notice: { zh: string; en: string }): void {
  live?.close();
  live = null;
  mirror = null;
  session = null;
  current = null;
  localStorage.removeItem(STORE);
  renderLogin(notice);
}

// ---- the console ---------------------------------------------------------------------

async function enterConsole(): Promise<void> {
  if (!session) return;
  const token = session.token;
  const me = await untilAnswered(() =>
    apiCall<{ displayName?: string; role?: string; window: WindowRef | null }>(
      'GET',
      '/api/auth/me',
      {
        token,
      },
    ),
  );
  displayName = me.displayName ?? session.username;
  app.innerHTML = `
  <div class="console">
    <header>
      <div class="who"><b class="num">${session.window.number}</b> 号窗口 <span data-testid="console-window">${escapeHtml(session.window.name)}</span></div>
      <div class="clerk">${escapeHtml(displayName)} <span class="en">${escapeHtml(session.username)}</span></div>
      <div class="state" data-testid="window-state"></div>
      <div class="conn" data-testid="connection"></div>
      <button class="logout" data-testid="logout">退出 <span class="en">Log out</span></button>
    </header>
    <main>
      <section class="current">
        <div class="card" data-testid="current"></div>
        <div class="actions" data-testid="actions">${ACTIONS.map(
          (a) =>
            `<button class="action ${a.action}" data-action="${a.action}" data-testid="action-${a.action}"><b>${a.zh}</b><span class="en">${a.en}</span><kbd>${a.key}</kbd></button>`,
        ).join('')}</div>
        <div class="message" data-testid="message"></div>
        <div class="keypad" data-testid="keypad"></div>
      </section>
      <section class="queue">
        <h2>等候队列 <span class="en">Waiting</span></h2>
        <div data-testid="queue"></div>
      </section>
    </main>
    <div class="dialog" data-testid="dialog" hidden></div>
  </div>`;
  element('[data-testid="logout"]', app).addEventListener('click', () => void logout());
  // 一件事一次办: add or skip a step of the current bundle ticket (bundle.ts).
  bindBundleActions(element('[data-testid="current"]', app), async (path, body) => {
    if (!session) return;
    try {
      const answer = await apiCall<{ ticket: TicketView }>(
        'POST',
        `/api/windows/${session.window.id}/${path}`,
        { token: session.token, body },
      );
      current = answer.ticket;
      say('ok', path === 'steps' ? '已增加步骤' : '已跳过该步骤');
    } catch (error) {
      sayFailure(error);
    } finally {
      renderConsole();
    }
  });
  element('.actions', app).addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (button && !button.disabled) void act(button.dataset.action as ClerkAction);
  });
  live?.close();
  live = startLive({
    token: session.token,
    onEvent: (event) => {
      if (concernsMe(event)) scheduleRefresh();
    },
    onChange: (m) => {
      mirror = m;
      renderConsole();
    },
    onStatus: (status) => {
      const conn = document.querySelector<HTMLElement>('[data-testid="connection"]');
      if (conn) conn.textContent = status === 'offline' ? '网络中断，正在重连…' : '';
      if (status === 'live') scheduleRefresh();
    },
    withoutToken: false,
    onTokenRefused: () =>
      leave({ zh: '登录已失效，请重新登录', en: 'Session ended: log in again' }),
  });
  window.hallqDevice?.onKeypad((notice) => {
    const pad = document.querySelector<HTMLElement>('[data-testid="keypad"]');
    if (!pad) return;
    pad.textContent =
      notice.entry !== null
        ? `呼叫器输入：${notice.action === 'transfer' ? '转交至窗口' : '暂停原因'} ${notice.entry}`
        : notice.ok
          ? `呼叫器：${ACTIONS.find((a) => a.action === notice.action)?.zh ?? notice.action}${notice.detail ? ` ${notice.detail}` : ''}${notice.messageZh ? ` · ${notice.messageZh}` : ''}`
          : `呼叫器：${notice.messageZh ?? '操作失败'}`;
    pad.classList.toggle('error', !notice.ok);
  });
  await refresh();
}

function myWindow(): WindowView | undefined {
  return mirror?.snapshot.windows.find((w) => w.id === session?.window.id);
}

function renderConsole(): void {
  const w = myWindow();
  if (!w || !session) return;
  const stateEl = document.querySelector<HTMLElement>('[data-testid="window-state"]');
  if (!stateEl) return;
  setHtml(
    stateEl,
    `<span class="chip ${w.status}">${STATUS_TEXT[w.status]}${w.status === 'paused' && w.pauseReason ? `：${escapeHtml(w.pauseReason)}` : ''}</span>${w.extended ? '<span class="chip extended" data-testid="extended-on">延时服务中</span>' : ''}`,
  );
  for (const button of app.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
    const action = button.dataset.action as ClerkAction;
    button.disabled = busy || !enabled(action, w.status);
    button.hidden =
      (action === 'pause' && w.status === 'paused') ||
      (action === 'resume' && w.status !== 'paused');
    if (action === 'extended') button.classList.toggle('on', w.extended);
  }
  renderCurrent(w);
  renderQueue(w);
}

function renderCurrent(w: WindowView): void {
  const card = document.querySelector<HTMLElement>('[data-testid="current"]');
  if (!card) return;
  const ticket = current && current.number === w.currentTicket ? current : null;
  if (!w.currentTicket) {
    setHtml(
      card,
      `<div class="empty">${w.status === 'paused' ? '暂停服务中，按 P 恢复' : '当前没有办理中的号码，按 N 叫号'}<span class="en">${w.status === 'paused' ? 'Paused: P resumes' : 'No ticket: N calls the next'}</span></div>`,
    );
    return;
  }
  const service = config?.services.find((s) => s.id === ticket?.serviceId);
  const materials = service?.materials ?? [];
  const issued = ticket
    ? new Date(ticket.issuedAt).toLocaleTimeString('zh-CN', {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: config?.timeZone ?? 'Asia/Shanghai',
      })
    : '';
  setHtml(
    card,
    `<div class="top">
      <div class="number num" data-testid="current-number">${escapeHtml(w.currentTicket)}</div>
      <div class="facts">
        <div class="service" data-testid="current-service">${escapeHtml(ticket?.serviceName ?? '')}</div>
        <div class="meta">${STATUS_TEXT[w.status]}${issued ? ` · ${issued} 取号` : ''}${ticket?.priority ? ` · <b class="priority">优先：${escapeHtml(PRIORITY_TEXT[ticket.priority] ?? ticket.priority)}</b>` : ''}${ticket && ticket.transfers > 0 ? ` · 已转交 ${ticket.transfers} 次` : ''}</div>
      </div>
    </div>
    <div class="materials" data-testid="materials">
      <h3>所需材料（一次性告知）<span class="en">Materials</span></h3>
      ${materials.length ? `<ol>${materials.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ol>` : '<p>无需材料</p>'}
    </div>${bundlePanel(ticket, config?.services ?? [])}`,
  );
}

const PRIORITY_TEXT: Record<string, string> = {
  appointment: '预约',
  elderly: '老年人',
  disabled: '残疾人',
  pregnant: '孕妇',
  military: '军人',
};

function renderQueue(w: WindowView): void {
  const box = document.querySelector<HTMLElement>('[data-testid="queue"]');
  if (!box || !mirror) return;
  const mine = waiting.filter((t) => t.window?.id === w.id);
  const services = w.services.map((id) => {
    const view = mirror?.snapshot.services.find((s) => s.id === id);
    const next = waiting.filter((t) => t.serviceId === id && !t.window).slice(0, 6);
    return `<div class="service-queue" data-testid="queue-${escapeHtml(id)}">
      <div class="head"><span class="prefix">${escapeHtml(view?.prefix ?? '')}</span><b>${escapeHtml(view?.name ?? id)}</b>
        <span class="count">等候 <b class="num">${view?.waiting ?? 0}</b> 人 · 约 ${view?.estimatedWaitMinutes ?? 0} 分钟</span></div>
      <div class="next">${next.length ? next.map((t) => `<span class="ticket${t.priority ? ' priority' : ''}">${escapeHtml(t.number)}</span>`).join('') : '<span class="none">无人等候</span>'}</div>
    </div>`;
  });
  const direct = mine.length
    ? `<div class="service-queue direct" data-testid="queue-direct"><div class="head"><b>转给本窗口</b><span class="count">${mine.length} 人</span></div>
       <div class="next">${mine.map((t) => `<span class="ticket">${escapeHtml(t.number)}</span>`).join('')}</div></div>`
    : '';
  setHtml(box, direct + services.join(''));
}

// ---- data ----------------------------------------------------------------------------

/**
 * Whether an event may change this window's current ticket or the queues it serves: only
 * those refetch (a hall's 55 consoles must not all reload every list on every event).
 */
function concernsMe(event: PublicEvent): boolean {
  const w = myWindow();
  if (!w) return true;
  switch (event.type) {
    case 'window.status':
      return event.window.id === w.id;
    case 'day.started':
      return true;
    case 'ticket.transferred':
      return (
        event.fromWindowId === w.id ||
        event.toWindowId === w.id ||
        w.services.includes(event.serviceId) ||
        w.services.includes(event.fromServiceId)
      );
    default:
      return (
        ('windowId' in event && event.windowId === w.id) || w.services.includes(event.serviceId)
      );
  }
}

/** At most one refetch in flight and one a second; calls in between fold into the next. */
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let lastRefresh = 0;
function scheduleRefresh(): void {
  if (refreshTimer) return;
  const wait = Math.max(50, 1000 - (Date.now() - lastRefresh));
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    lastRefresh = Date.now();
    void refresh();
  }, wait);
}

/** The current ticket's details and the waiting tickets of this window's services. */
async function refresh(): Promise<void> {
  if (!session) return;
  const token = session.token;
  const services = myWindow()?.services ?? [];
  try {
    const [mine, list] = await Promise.all([
      apiCall<{ window: WindowView; ticket: TicketView | null }>(
        'GET',
        `/api/windows/${session.window.id}`,
      ),
      // The hall's waiting list (a few hundred at most), filtered here: tickets of other
      // services transferred to this window are in it too.
      apiCall<{ tickets: TicketView[] }>('GET', '/api/tickets?status=waiting', { token }),
    ]);
    current = mine.ticket;
    waiting = list.tickets.filter(
      (t) => services.includes(t.serviceId) || t.window?.id === session?.window.id,
    );
    renderConsole();
    if (session) void refreshCollection(token, session.window.id); // 出件 (collection.ts)
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401)
      leave({ zh: '登录已失效，请重新登录', en: 'Session ended: log in again' });
  }
}

// ---- actions -------------------------------------------------------------------------

const DONE: Record<ClerkAction, (t: string) => string> = {
  next: (t) => `已叫号 ${t}`,
  recall: (t) => `已重呼 ${t}`,
  start: (t) => `${t} 开始办理`,
  finish: (t) => `${t} 已办结`,
  'no-show': (t) => `${t} 已过号`,
  transfer: (t) => `${t} 已转交`,
  pause: () => '已暂停服务',
  resume: () => '已恢复服务',
  extended: () => '',
};

/** The window's state after an action succeeded (null: unchanged, e.g. 延时). */
const AFTER: Record<ClerkAction, WindowDisplayStatus | null> = {
  next: 'calling',
  recall: 'calling',
  start: 'serving',
  finish: 'idle',
  'no-show': 'idle',
  transfer: 'idle',
  pause: 'paused',
  resume: 'idle',
  extended: null,
};

/** Keys pressed while an action is under way wait their turn (and see its outcome). */
let queue: Promise<void> = Promise.resolve();
function act(action: ClerkAction, body?: unknown): Promise<void> {
  queue = queue.then(() => perform(action, body)).catch(() => undefined);
  return queue;
}

/** Resolves once the live view shows the window in this state (or after 1.5 s). */
async function settle(status: WindowDisplayStatus | null): Promise<void> {
  const deadline = Date.now() + 1500;
  while (status && myWindow()?.status !== status && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
}

async function perform(requested: ClerkAction, body?: unknown): Promise<void> {
  if (!session) return;
  // P means pause on an open window and resume on a paused one, as the window is now.
  const action: ClerkAction =
    requested === 'pause' && body === undefined && myWindow()?.status === 'paused'
      ? 'resume'
      : requested;
  if (action === 'transfer' && body === undefined) return openDialog('transfer');
  if (action === 'pause' && body === undefined) return openDialog('pause');
  const w = myWindow();
  if (action === 'extended' && body === undefined) body = { on: !(w?.extended ?? false) };
  busy = true;
  renderConsole();
  try {
    const answer = await apiCall<{ ticket?: TicketView; window?: WindowView } | null>(
      'POST',
      `/api/windows/${session.window.id}/${action}`,
      { token: session.token, body },
    );
    await settle(answer === null ? null : AFTER[action]);
    if (answer === null) say('info', '当前没有等候的号码', 'Nobody is waiting');
    else if (action === 'extended')
      say('ok', answer.window?.extended ? '延时服务已开启' : '延时服务已关闭');
    else say('ok', DONE[action](answer.ticket?.number ?? ''));
    if (answer?.ticket) current = answer.ticket;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401)
      return leave({ zh: '登录已失效，请重新登录', en: 'Session ended: log in again' });
    sayFailure(error);
  } finally {
    busy = false;
    renderConsole();
    scheduleRefresh();
  }
}

function openDialog(kind: 'transfer' | 'pause'): void {
  const box = element('[data-testid="dialog"]', app);
  const w = myWindow();
  dialog = kind;
  if (kind === 'transfer') {
    const services = (config?.services ?? [])
      .map(
        (s) =>
          `<option value="${escapeHtml(s.id)}">${escapeHtml(s.prefix)} · ${escapeHtml(s.name)}</option>`,
      )
      .join('');
    const windows = [...(config?.windows ?? [])]
      .sort((a, b) => a.number - b.number)
      .filter((x) => x.id !== w?.id)
      .map(
        (x) =>
          `<option value="${escapeHtml(x.id)}">${x.number} 号窗口 · ${escapeHtml(x.name)}</option>`,
      )
      .join('');
    box.innerHTML = `<form class="panel" data-testid="transfer-form">
      <h2>转交 ${escapeHtml(w?.currentTicket ?? '')} <span class="en">Transfer (the citizen keeps their place)</span></h2>
      <label><input type="radio" name="to" value="service" checked> 转到事项 <select name="serviceId" data-testid="transfer-service">${services}</select></label>
      <label><input type="radio" name="to" value="window"> 转到窗口 <select name="windowId" data-testid="transfer-window">${windows}</select></label>
      <div class="buttons"><button type="submit" data-testid="transfer-submit">确定转交 <kbd>Enter</kbd></button><button type="button" class="cancel">取消 <kbd>Esc</kbd></button></div>
    </form>`;
    const form = element<HTMLFormElement>('form', box);
    const pick = (to: 'service' | 'window') =>
      (element<HTMLInputElement>(`input[value="${to}"]`, form).checked = true);
    element('[name="serviceId"]', form).addEventListener('change', () => pick('service'));
    element('[name="windowId"]', form).addEventListener('change', () => pick('window'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body =
        data.get('to') === 'window'
          ? { windowId: String(data.get('windowId')) }
          : { serviceId: String(data.get('serviceId')) };
      closeDialog();
      void act('transfer', body);
    });
  } else {
    box.innerHTML = `<form class="panel" data-testid="pause-form">
      <h2>暂停服务 <span class="en">Pause: choose a reason</span></h2>
      <div class="reasons">${PAUSE_REASONS.map(
        (r, i) =>
          `<button type="button" class="reason" data-reason="${escapeHtml(r)}">${i + 1}. ${escapeHtml(r)}</button>`,
      ).join('')}</div>
      <label>其他原因 <input name="reason" maxlength="100" data-testid="pause-reason"></label>
      <div class="buttons"><button type="submit" data-testid="pause-submit">暂停 <kbd>Enter</kbd></button><button type="button" class="cancel">取消 <kbd>Esc</kbd></button></div>
    </form>`;
    const form = element<HTMLFormElement>('form', box);
    const input = element<HTMLInputElement>('[name="reason"]', form);
    form.addEventListener('click', (event) => {
      const reason = (event.target as HTMLElement).closest<HTMLElement>('[data-reason]')?.dataset
        .reason;
      if (!reason) return;
      closeDialog();
      void act('pause', { reason });
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const reason = input.value.trim() || PAUSE_REASONS[0];
      closeDialog();
      void act('pause', { reason });
    });
  }
  element('.cancel', box).addEventListener('click', closeDialog);
  box.hidden = false;
  // Transfer: the service list; pause: the first reason, so the digits 1–5 pick a reason.
  (box.querySelector<HTMLElement>('select, .reason') ?? box).focus();
}

function closeDialog(): void {
  dialog = null;
  const box = document.querySelector<HTMLElement>('[data-testid="dialog"]');
  if (box) {
    box.hidden = true;
    box.innerHTML = '';
  }
}

document.addEventListener('keydown', (event) => {
  if (!session) return;
  if (dialog) {
    if (event.key === 'Escape') closeDialog();
    else if (
      dialog === 'pause' &&
      /^Digit[1-5]$|^Numpad[1-5]$/.test(event.code) &&
      !(event.target instanceof HTMLInputElement && event.target.name === 'reason')
    ) {
      const reason = PAUSE_REASONS[Number(event.code.slice(-1)) - 1];
      if (reason) {
        event.preventDefault();
        closeDialog();
        void act('pause', { reason });
      }
    }
    return;
  }
  const target = event.target as HTMLElement;
  if (target.closest('input, select, textarea')) return;
  const w = myWindow();
  const action = actionForKey(event, w?.status ?? 'closed');
  if (!action) return;
  event.preventDefault();
  void act(action);
});

// ---- start ---------------------------------------------------------------------------

async function start(): Promise<void> {
  app.innerHTML = '<div class="login"><p>正在连接服务器…</p></div>';
  config = await loadHallConfig();
  const stored = localStorage.getItem(STORE);
  if (stored) {
    try {
      session = JSON.parse(stored) as Session;
      await enterConsole();
      return;
    } catch (error) {
      session = null;
      localStorage.removeItem(STORE);
      if (!(error instanceof ApiFailure && error.status === 401)) console.error(error);
    }
  }
  renderLogin();
}

void start();
