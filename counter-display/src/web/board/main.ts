import '../common/base.css';
import './board.css';
import type { CallView, HallSnapshot, WindowView } from '../../../../shared/src/protocol/http';
import type { HallMirror } from '../../../../shared/src/protocol/hall-mirror';
import { resolveDeviceToken, tokenOffered } from '../common/device';
import {
  clockText,
  dateText,
  element,
  escapeHtml,
  query,
  restartClass,
  setHtml,
} from '../common/dom';
import { startLive } from '../common/live';
import { DEFAULT_NOTICES, OFFLINE, WINDOW_STATUS, phaseNotice } from '../common/texts';
import { startVoice } from '../common/voice';
import { BundleNextSteps } from './bundles';

/**
 * The hall board (大厅综合屏), 1920×1080 or 3840×2160 (everything is sized in rem, and the
 * root size follows the screen): the latest calls, large and flashing; every window at a
 * glance; waiting counts and estimates per service; a notices line. Every call is spoken.
 */

const app = element('#app');
app.innerHTML = `
<div class="board">
  <header>
    <h1 data-testid="hall-name">政务服务大厅</h1>
    <div class="conn" data-testid="connection"></div>
    <div class="sound" data-testid="sound" hidden>点击屏幕启用语音播报</div>
    <div class="clock"><span class="date"></span><b class="time num"></b></div>
  </header>
  <section class="calls">
    <h2>最新叫号 <span class="en">Now calling</span></h2>
    <div class="hero" data-testid="latest-call"></div>
    <div class="bundle-next" data-testid="bundle-next"></div>
    <ol class="recent" data-testid="recent-calls"></ol>
  </section>
  <section class="windows">
    <h2>窗口状态 <span class="en">Windows</span>
      <span class="legend">${(['calling', 'serving', 'idle', 'paused', 'closed'] as const)
        .map((s) => `<i class="tone-${WINDOW_STATUS[s].tone}"></i>${WINDOW_STATUS[s].zh}`)
        .join('')}</span>
    </h2>
    <div class="grid" data-testid="windows"></div>
  </section>
  <section class="queues">
    <h2>等候情况 <span class="en">Waiting</span></h2>
    <div class="tables" data-testid="queues"></div>
  </section>
  <footer class="notices"><div class="ticker" data-testid="notices"></div></footer>
</div>`;

const hero = element('.hero', app);
const recent = element('.recent', app);
const grid = element('.grid', app);
const tables = element('.tables', app);
const ticker = element('.ticker', app);
const conn = element('.conn', app);
const sound = element('.sound', app);
const bundleNext = element('.bundle-next', app);
const nextSteps = new BundleNextSteps();
let timeZone = 'Asia/Shanghai';

const notices = query.getAll('notice').filter((n) => n.trim());

function renderCalls(calls: CallView[]): void {
  const latest = calls[calls.length - 1];
  if (!latest) {
    setHtml(hero, `<div class="none">请留意叫号</div>`);
  } else {
    setHtml(
      hero,
      `<div class="number num" data-seq="${latest.seq}">${escapeHtml(latest.number)}</div>
       <div class="to">请到 <b class="num">${latest.windowNumber}</b> 号窗口${latest.recall ? '<span class="tag">重呼</span>' : ''}</div>
       <div class="wname">${escapeHtml(latest.windowName)}</div>`,
    );
  }
  // Earlier calls, newest first, each ticket once (a recall does not list it twice).
  const seen = new Set(latest ? [`${latest.number}@${latest.windowId}`] : []);
  const earlier: CallView[] = [];
  for (const call of [...calls].reverse()) {
    const key = `${call.number}@${call.windowId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    earlier.push(call);
    if (earlier.length === 6) break;
  }
  setHtml(
    recent,
    earlier
      .map(
        (c) =>
          `<li data-seq="${c.seq}"><span class="number num">${escapeHtml(c.number)}</span><span class="arrow">→</span><span class="to"><b class="num">${c.windowNumber}</b> 号窗口</span></li>`,
      )
      .join(''),
  );
}

function tileHtml(w: WindowView): string {
  const status = WINDOW_STATUS[w.status];
  const main =
    w.currentTicket && (w.status === 'calling' || w.status === 'serving')
      ? `<b class="ticket num${w.currentTicket.length > 4 ? ' long' : ''}">${escapeHtml(w.currentTicket)}</b>`
      : `<b class="state">${status.zh}</b>`;
  return `<span class="no num">${w.number}</span>${main}`;
}

function renderWindows(windows: WindowView[]): void {
  const sorted = [...windows].sort((a, b) => a.number - b.number);
  const columns = Math.max(1, Math.ceil(sorted.length / 5));
  const rows = Math.max(1, Math.ceil(sorted.length / columns));
  grid.style.gridTemplateColumns = `repeat(${columns}, 1fr)`;
  grid.style.gridTemplateRows = `repeat(${rows}, 1fr)`;
  grid.classList.toggle('dense', columns > 12);
  if (grid.children.length !== sorted.length) {
    grid.innerHTML = sorted
      .map((w) => `<div class="tile" data-testid="window-${w.number}" data-window="${w.id}"></div>`)
      .join('');
  }
  sorted.forEach((w, i) => {
    const tile = grid.children[i] as HTMLElement;
    const tone = WINDOW_STATUS[w.status].tone;
    tile.className = tile.className.replace(/\btone-\S+/g, '').trim();
    tile.classList.add(`tone-${tone}`);
    tile.dataset.status = w.status;
    tile.title = `${w.number}号窗口 ${w.name}${w.pauseReason ? `：${w.pauseReason}` : ''}`;
    setHtml(tile, tileHtml(w));
  });
}

function renderQueues(snapshot: HallSnapshot): void {
  const open = new Map<string, number>();
  for (const w of snapshot.windows) {
    if (w.status === 'closed') continue;
    for (const s of w.services) open.set(s, (open.get(s) ?? 0) + 1);
  }
  const columns = snapshot.services.length > 20 ? 6 : 5;
  tables.style.gridTemplateColumns = `repeat(${columns}, 1fr)`;
  tables.style.gridTemplateRows = `repeat(${Math.ceil(snapshot.services.length / columns)}, 1fr)`;
  const cells = snapshot.services.map((s) => {
    const closed = (open.get(s.id) ?? 0) === 0;
    const wait =
      s.waiting === 0
        ? '<span class="quiet">无需等候</span>'
        : closed
          ? '<span class="quiet">暂无窗口</span>'
          : s.estimatedWaitMinutes > 180
            ? '<span class="quiet">3小时以上</span>'
            : `约<b class="num">${s.estimatedWaitMinutes}</b>分`;
    return `<div class="queue${closed ? ' closed' : ''}" data-testid="queue-${escapeHtml(s.id)}">
      <div class="head"><span class="prefix num">${escapeHtml(s.prefix)}</span><span class="name${s.name.length > 7 ? ' long' : ''}">${escapeHtml(s.name)}</span></div>
      <div class="figures"><span class="waiting">等候<b class="num">${s.waiting}</b>人</span><span class="wait">${wait}</span></div>
    </div>`;
  });
  setHtml(tables, cells.join(''));
}

function renderNotices(snapshot: HallSnapshot): void {
  const lines = [
    phaseNotice(snapshot.phase, snapshot.sessions),
    ...(notices.length ? notices : DEFAULT_NOTICES),
  ]
    .filter((line): line is string => Boolean(line))
    .map((line) => `<span>${escapeHtml(line)}</span>`)
    .join('<i>◆</i>');
  // Twice over, moved by half its width: a seamless loop, about 6 characters a second.
  if (setHtml(ticker, `<div class="track">${lines}<i>◆</i>${lines}<i>◆</i></div>`)) {
    const track = ticker.firstElementChild as HTMLElement;
    track.style.animationDuration = `${Math.max(20, (track.textContent ?? '').length / 12)}s`;
  }
}

function renderClock(): void {
  const now = new Date();
  element('.date', app).textContent = dateText(now, timeZone);
  element('.time', app).textContent = clockText(now, timeZone);
}

/** Flashes still to show after the next render: the hero and the called windows. */
const flashes = { hero: false, windows: new Set<string>() };
let scheduled = false;
let latest: HallMirror | null = null;

function render(): void {
  scheduled = false;
  if (!latest) return;
  const snapshot = latest.snapshot;
  timeZone = snapshot.hall.timeZone;
  element('[data-testid="hall-name"]', app).textContent = snapshot.hall.name;
  document.title = `${snapshot.hall.name} · 大厅综合屏`;
  renderCalls(snapshot.recentCalls);
  renderWindows(snapshot.windows);
  renderQueues(snapshot);
  renderNotices(snapshot);
  renderClock();
  if (flashes.hero) restartClass(hero, 'flash');
  for (const id of flashes.windows) {
    const tile = grid.querySelector(`[data-window="${CSS.escape(id)}"]`);
    if (tile) restartClass(tile, 'flash');
  }
  flashes.hero = false;
  flashes.windows.clear();
}

function schedule(mirror: HallMirror): void {
  latest = mirror;
  if (scheduled) return;
  scheduled = true;
  setTimeout(render, 0);
}

function setConnection(status: string): void {
  const offline = status === 'offline';
  conn.dataset.status = status;
  conn.innerHTML = offline ? `${OFFLINE.zh}<span class="en">${OFFLINE.en}</span>` : '';
  app.classList.toggle('offline', offline);
}

const voice = startVoice('board', (blocked) => {
  sound.hidden = !blocked;
});

async function main(): Promise<void> {
  renderClock();
  setInterval(renderClock, 10_000);
  // Public data needs no token; an enrolled board sends its own so a revoke cuts it off.
  const token = tokenOffered('hall-board', null)
    ? await resolveDeviceToken('hall-board', null, null)
    : null;
  startLive({
    token,
    onEvent: (event) => {
      if (nextSteps.hear(event)) setHtml(bundleNext, nextSteps.html());
      if (event.type === 'ticket.called' || event.type === 'ticket.recalled') {
        flashes.hero = true;
        flashes.windows.add(event.windowId);
        voice?.hear(event);
      }
    },
    onChange: schedule,
    onStatus: setConnection,
  });
}

void main();
