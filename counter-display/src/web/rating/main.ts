import '../common/base.css';
import './rating.css';
import type { RatingDimension, RatingLevel } from '../../../../shared/src/domain/ticket';
import type { PublicEvent } from '../../../../shared/src/protocol/events';
import type { HallMirror } from '../../../../shared/src/protocol/hall-mirror';
import type { TicketView } from '../../../../shared/src/protocol/http';
import { resolveDeviceToken } from '../common/device';
import { element, escapeHtml, query, setHtml, windowNumberFromPath } from '../common/dom';
import { apiCall, ApiFailure, loadHallConfig, sleep, type HallConfigView } from '../common/hall';
import { startLive } from '../common/live';
import { OFFLINE } from '../common/texts';
import { face } from './faces';
import { next, TIMEOUTS, type PadInput, type PadState } from './machine';

/**
 * The rating pad (好差评评价器) facing the citizen at window N, at /rating/N: after the clerk
 * finishes a ticket it asks for one of the five 好差评 levels, with 服务效率 / 服务水平 /
 * 服务态度 as optional reasons, posts it with the pad's device token, thanks, and returns
 * to its welcome screen; unanswered, it says goodbye politely after a minute.
 */

const LEVELS: { level: RatingLevel; zh: string; en: string }[] = [
  { level: 'very-satisfied', zh: '非常满意', en: 'Very satisfied' },
  { level: 'satisfied', zh: '满意', en: 'Satisfied' },
  { level: 'basic', zh: '基本满意', en: 'Acceptable' },
  { level: 'dissatisfied', zh: '不满意', en: 'Dissatisfied' },
  { level: 'very-dissatisfied', zh: '非常不满意', en: 'Very dissatisfied' },
];
const REASONS: { reason: RatingDimension; zh: string; en: string }[] = [
  { reason: 'efficiency', zh: '服务效率', en: 'Efficiency' },
  { reason: 'skill', zh: '服务水平', en: 'Competence' },
  { reason: 'attitude', zh: '服务态度', en: 'Attitude' },
];
const NEEDS_FOLLOW_UP: RatingLevel[] = ['dissatisfied', 'very-dissatisfied'];

const app = element('#app');
const number = windowNumberFromPath() ?? Number(window.hallqDevice?.windowNumber ?? NaN);
/** Tests and demos may shorten every timeout (?timeScale=0.05). */
const timeScale = Math.min(1, Math.max(0.01, Number(query.get('timeScale') ?? 1) || 1));

app.innerHTML = `
<div class="pad">
  <header>
    <div class="where"><b class="num">${Number.isFinite(number) ? number : '?'}</b> 号窗口 <span class="wname"></span></div>
    <div class="clerk"></div>
  </header>
  <main data-testid="rating-pad"></main>
  <footer><span class="conn"></span><span class="note"></span></footer>
</div>`;

const main = element('main', app);
const note = element('.note', app);
let state: PadState = { kind: 'idle' };
let token: string | null = null;
let config: HallConfigView | null = null;
let mirror: HallMirror | null = null;
let windowId: string | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

const serviceName = (id: string) => config?.services.find((s) => s.id === id)?.name ?? '';

function view(): string {
  switch (state.kind) {
    case 'idle': {
      const w = mirror?.snapshot.windows.find((x) => x.number === number);
      const serving =
        w?.currentTicket && (w.status === 'calling' || w.status === 'serving')
          ? `<p class="serving">正在办理 <b class="num">${escapeHtml(w.currentTicket)}</b></p>`
          : '';
      return `<section class="idle">
        <h1>欢迎您对我们的服务进行评价</h1>
        <p class="sub">办理结束后，请在此屏幕上点击您的评价<span class="en">Please rate our service when you are done</span></p>
        ${serving}
      </section>`;
    }
    case 'ask':
    case 'reasons':
    case 'sending': {
      const chosen = state.kind === 'ask' ? null : state.level;
      const reasons = state.kind === 'ask' ? [] : state.reasons;
      const levels = LEVELS.map(
        (l) =>
          `<button class="level ${l.level}${chosen === l.level ? ' chosen' : ''}" data-level="${l.level}" data-testid="level-${l.level}">${face(l.level)}<b>${l.zh}</b><span class="en">${l.en}</span></button>`,
      ).join('');
      const second =
        state.kind === 'ask'
          ? `<p class="sub">请点击一个表情<span class="en">Tap a face</span></p>`
          : `<div class="reasons">
              <p class="sub">${chosen && NEEDS_FOLLOW_UP.includes(chosen) ? '请告诉我们哪里需要改进（可多选，可不选）' : '您的评价主要针对（可多选，可不选）'}</p>
              <div class="chips">${REASONS.map(
                (r) =>
                  `<button class="chip${reasons.includes(r.reason) ? ' on' : ''}" data-reason="${r.reason}" data-testid="reason-${r.reason}">${r.zh}<span class="en">${r.en}</span></button>`,
              ).join('')}</div>
              <button class="submit" data-testid="submit"${state.kind === 'sending' ? ' disabled' : ''}>${state.kind === 'sending' ? '正在提交…' : '提交评价'}<span class="en">Submit</span></button>
            </div>`;
      return `<section class="ask">
        <h1>请您对本次服务进行评价</h1>
        <p class="ticket">号码 <b class="num" data-testid="rating-number">${escapeHtml(state.ticket.number)}</b> · ${escapeHtml(serviceName(state.ticket.serviceId))}</p>
        <div class="levels">${levels}</div>
        ${second}
      </section>`;
    }
    case 'thanks': {
      const followUp = state.level && NEEDS_FOLLOW_UP.includes(state.level);
      return `<section class="thanks">
        <h1>感谢您的评价！</h1>
        <p class="sub">${followUp ? '您的意见已记录，我们将尽快核实整改并与您联系回访' : '祝您生活愉快，欢迎再次光临'}<span class="en">Thank you for your feedback</span></p>
      </section>`;
    }
    case 'farewell':
      return `<section class="thanks">
        <h1>感谢您的办理</h1>
        <p class="sub">祝您生活愉快，欢迎再次光临<span class="en">Thank you, goodbye</span></p>
      </section>`;
    case 'failed':
      return `<section class="thanks failed">
        <h1>评价未能提交</h1>
        <p class="sub">${escapeHtml(state.messageZh)}<br>如需评价，可扫描号票上的二维码或拨打 12345</p>
      </section>`;
  }
}

function render(): void {
  const w = mirror?.snapshot.windows.find((x) => x.number === number);
  element('.wname', app).textContent = w?.name ?? '';
  setHtml(
    element('.clerk', app),
    w?.clerkName
      ? `工作人员 <b>${escapeHtml(w.clerkName)}</b>${
          w.staffNumber
            ? ` <span class="staff-no" data-testid="staff-number">工号 <b>${escapeHtml(w.staffNumber)}</b></span>`
            : ''
        }`
      : '',
  );
  setHtml(main, view());
  main.dataset.state = state.kind;
}

/** The states the pad went through (the last 50), for tests and for people at the console. */
const trail: string[] = [];
(window as unknown as { __hallqRating: { trail: string[] } }).__hallqRating = { trail };

function dispatch(input: PadInput): void {
  const before = state;
  state = next(state, input);
  if (state === before) return;
  trail.push(state.kind);
  if (trail.length > 50) trail.shift();
  clearTimeout(timer);
  const ms = TIMEOUTS[state.kind];
  if (ms !== null) timer = setTimeout(() => dispatch({ type: 'timeout' }), ms * timeScale);
  render();
  if (state.kind === 'sending' && before.kind !== 'sending') void send(state);
}

async function send(sending: Extract<PadState, { kind: 'sending' }>): Promise<void> {
  // A dropped network is retried for a while; a refusal is final.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await apiCall<{ ticket: TicketView }>(
        'POST',
        `/api/tickets/${encodeURIComponent(sending.ticket.id)}/rating`,
        {
          token,
          body: {
            level: sending.level,
            ...(sending.reasons.length ? { reasons: sending.reasons } : {}),
          },
        },
      );
      dispatch({ type: 'sent' });
      return;
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : new ApiFailure(0, null);
      if (failure.status === 0 && attempt < 10) {
        await sleep(2000);
        continue;
      }
      dispatch({ type: 'refused', code: failure.code, messageZh: failure.zh });
      return;
    }
  }
}

main.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest('button');
  if (!target) return;
  if (target.dataset.level) dispatch({ type: 'level', level: target.dataset.level as RatingLevel });
  else if (target.dataset.reason)
    dispatch({ type: 'toggle-reason', reason: target.dataset.reason as RatingDimension });
  else if (target.classList.contains('submit')) dispatch({ type: 'submit' });
  // Any touch restarts the clock of the question.
  if (state.kind === 'reasons' || state.kind === 'ask') {
    clearTimeout(timer);
    const ms = TIMEOUTS[state.kind];
    if (ms !== null) timer = setTimeout(() => dispatch({ type: 'timeout' }), ms * timeScale);
  }
});

function onEvent(event: PublicEvent): void {
  if (event.type === 'ticket.finished' && event.windowId === windowId) {
    // The next citizen is done before the last one pressed 提交: their chosen level is sent.
    if (state.kind === 'reasons') {
      const { ticket, level, reasons } = state;
      void apiCall('POST', `/api/tickets/${encodeURIComponent(ticket.id)}/rating`, {
        token,
        body: { level, ...(reasons.length ? { reasons } : {}) },
      }).catch(() => undefined);
    }
    dispatch({
      type: 'finished',
      ticket: { id: event.ticketId, number: event.number, serviceId: event.serviceId },
    });
  } else if (event.type === 'ticket.rated') {
    dispatch({ type: 'rated-elsewhere', ticketId: event.ticketId });
  }
}

async function start(): Promise<void> {
  render();
  config = await loadHallConfig();
  windowId = config.windows.find((w) => w.number === number)?.id ?? null;
  if (!windowId) {
    setHtml(
      main,
      `<section class="thanks"><h1>没有 ${escapeHtml(String(number))} 号窗口</h1></section>`,
    );
    return;
  }
  token = await resolveDeviceToken('rating-pad', windowId, number);
  note.textContent = token
    ? ''
    : '评价器未注册：请在地址后加 ?token=设备令牌（见 docs/displays.md）';
  startLive({
    token,
    onEvent,
    onChange: (m) => {
      mirror = m;
      render();
    },
    onStatus: (status) => {
      element('.conn', app).textContent = status === 'offline' ? OFFLINE.zh : '';
    },
    onTokenRefused: () => {
      token = null;
      note.textContent = '评价器令牌已失效，请重新注册设备';
    },
  });
}

void start();
