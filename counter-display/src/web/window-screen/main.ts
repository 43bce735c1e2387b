import '../common/base.css';
import './window-screen.css';
import type { PublicEvent } from '../../../../shared/src/protocol/events';
import type { HallMirror } from '../../../../shared/src/protocol/hall-mirror';
import type { WindowView } from '../../../../shared/src/protocol/http';
import { resolveDeviceToken, tokenOffered } from '../common/device';
import { element, escapeHtml, restartClass, setHtml, windowNumberFromPath } from '../common/dom';
import { loadHallConfig, type HallConfigView } from '../common/hall';
import { startLive } from '../common/live';
import { OFFLINE } from '../common/texts';
import { startVoice } from '../common/voice';

/**
 * The window screen (窗口屏) above window N, at /window/N: the window's number and name, the
 * services it takes, the clerk (masked), the number being served and the window's state
 * (办理中 / 空闲 / 暂停服务 with the reason), flashing on each call to this window.
 */

const app = element('#app');
const number = windowNumberFromPath() ?? Number(window.hallqDevice?.windowNumber ?? NaN);

app.innerHTML = `
<div class="screen" data-testid="window-screen">
  <header>
    <div class="badge"><b class="num" data-testid="window-number">${Number.isFinite(number) ? number : '?'}</b><span>号窗口</span></div>
    <div class="names">
      <div class="wname" data-testid="window-name"></div>
      <div class="services" data-testid="window-services"></div>
    </div>
    <div class="status" data-testid="window-status"></div>
  </header>
  <main class="current" data-testid="current"></main>
  <footer>
    <div class="clerk" data-testid="clerk"></div>
    <div class="waiting" data-testid="waiting"></div>
    <div class="conn" data-testid="connection"></div>
  </footer>
</div>`;

const header = element('header', app);
const current = element('.current', app);
const statusEl = element('.status', app);
const conn = element('.conn', app);
let config: HallConfigView | null = null;
let mirror: HallMirror | null = null;

const STATUS = {
  calling: { zh: '办理中', en: 'Serving', tone: 'busy' },
  serving: { zh: '办理中', en: 'Serving', tone: 'busy' },
  idle: { zh: '空闲', en: 'Free', tone: 'idle' },
  paused: { zh: '暂停服务', en: 'Paused', tone: 'paused' },
  closed: { zh: '未开放', en: 'Closed', tone: 'closed' },
} as const;

function currentHtml(w: WindowView): string {
  switch (w.status) {
    case 'calling':
      return `<div class="label">请 <b class="num">${escapeHtml(w.currentTicket ?? '')}</b> 号到本窗口办理</div>
        <div class="ticket num" data-testid="current-number">${escapeHtml(w.currentTicket ?? '')}</div>
        <div class="hint">Now calling</div>`;
    case 'serving':
      return `<div class="label">正在办理 <span class="en">Now serving</span></div>
        <div class="ticket num" data-testid="current-number">${escapeHtml(w.currentTicket ?? '')}</div>`;
    case 'idle':
      return `<div class="big">窗口空闲</div><div class="hint">请留意叫号 · Please wait for your number</div>`;
    case 'paused':
      return `<div class="big">暂停服务</div>
        <div class="reason" data-testid="pause-reason">${escapeHtml(w.pauseReason ?? '')}</div>
        <div class="hint">请稍候，或到其他窗口办理 · Paused, please wait</div>`;
    case 'closed':
      return `<div class="big">本窗口暂未开放</div><div class="hint">Window closed</div>`;
  }
}

/** 工号 beside the clerk's name; nothing when the clerk has none. */
function staffNumberHtml(staffNumber: string | null | undefined): string {
  return staffNumber
    ? ` <span class="staff-no" data-testid="staff-number">工号 <b class="num">${escapeHtml(staffNumber)}</b></span>`
    : '';
}

function render(): void {
  const w = mirror?.snapshot.windows.find((x) => x.number === number);
  if (!mirror) return;
  if (!w) {
    setHtml(current, `<div class="big">没有 ${escapeHtml(String(number))} 号窗口</div>`);
    return;
  }
  document.title = `${w.number}号窗口 · ${w.name}`;
  element('[data-testid="window-name"]', app).textContent = w.name;
  const names = w.services.map(
    (id) =>
      config?.services.find((s) => s.id === id)?.name ??
      mirror?.snapshot.services.find((s) => s.id === id)?.name ??
      id,
  );
  const services = element('[data-testid="window-services"]', app);
  // A comprehensive window takes every service: name a few and say how many.
  services.textContent =
    names.length > 6
      ? `受理事项：${names.slice(0, 5).join('、')}等 ${names.length} 类事项`
      : `受理事项：${names.join('、')}`;
  services.classList.toggle('many', names.length > 4);
  const status = STATUS[w.status];
  statusEl.className = `status tone-${status.tone}`;
  statusEl.dataset.status = w.status;
  setHtml(statusEl, `${status.zh}<span class="en">${status.en}</span>`);
  header.dataset.status = w.status;
  current.dataset.status = w.status;
  setHtml(current, currentHtml(w));
  setHtml(
    element('[data-testid="clerk"]', app),
    w.clerkName
      ? `工作人员：<b>${escapeHtml(w.clerkName)}</b>${staffNumberHtml(w.staffNumber)}`
      : '',
  );
  const waiting = mirror.snapshot.services
    .filter((s) => w.services.includes(s.id))
    .reduce((sum, s) => sum + s.waiting, 0);
  setHtml(
    element('[data-testid="waiting"]', app),
    w.status === 'closed' ? '' : `本窗口事项等候 <b class="num">${waiting}</b> 人`,
  );
}

const voice = startVoice('window-screen', () => undefined, 'off');

function onEvent(event: PublicEvent, m: HallMirror): void {
  if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return;
  if (event.windowNumber !== number) return;
  mirror = m;
  render();
  restartClass(current, 'flash');
  voice?.hear(event);
}

async function main(): Promise<void> {
  config = await loadHallConfig();
  const w = config.windows.find((x) => x.number === number);
  const token =
    w && tokenOffered('window-screen', number)
      ? await resolveDeviceToken('window-screen', w.id, number)
      : null;
  startLive({
    token,
    onEvent,
    onChange: (m) => {
      mirror = m;
      render();
    },
    onStatus: (status) => {
      const offline = status === 'offline';
      conn.innerHTML = offline ? `${OFFLINE.zh}<span class="en">${OFFLINE.en}</span>` : '';
      app.classList.toggle('offline', offline);
    },
  });
}

void main();
