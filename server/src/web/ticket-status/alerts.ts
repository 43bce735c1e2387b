import './alerts.css';
import type { TicketView } from '../../../../shared/src/protocol/http';
import type { IssuedTicket, TicketNotices } from '../../../../shared/src/protocol';
import { escapeHtml } from '../staff-common/dom';

/**
 * 无声叫号 on the citizen's phone: a banner, a tone (WebAudio, no file to download) and a
 * vibration when 3 or fewer are ahead and when the number is called, each once per ticket;
 * the optional 短信提醒 form; and 出件: "可取件" with the button that takes the collection
 * ticket. Lives in its own box above the page, which main.ts re-renders freely.
 */

/** Alert when this many or fewer are ahead (the server's SMS uses the same bound). */
const NEAR_AHEAD = 3;
const POLL_MS = 5000;

const TEXT = {
  enable: { zh: '开启提醒（声音和振动）', en: 'Turn on alerts (sound and vibration)' },
  enabled: { zh: '提醒已开启，可以离开排队区', en: 'Alerts on: you may wait anywhere' },
  near: { zh: '即将叫到您，前面还有 {n} 人，请回到等候区', en: 'Almost your turn: {n} ahead' },
  called: { zh: '请到 {window} 号窗口办理', en: 'Please go to window {window}' },
  sms: { zh: '短信提醒', en: 'Text message alerts' },
  smsHint: { zh: '留下手机号，叫号前和叫号时发短信提醒', en: 'We text you before and when called' },
  smsPlaceholder: { zh: '手机号码', en: 'Mobile number' },
  smsSubmit: { zh: '提交', en: 'Submit' },
  smsOn: { zh: '短信将发送至 {phone}', en: 'Texts go to {phone}' },
  smsFailed: { zh: '手机号码格式不正确，请重新输入', en: 'Check the mobile number' },
  ready: { zh: '办理结果已可取件', en: 'Your result is ready for collection' },
  collect: { zh: '领取出件号', en: 'Take a collection ticket' },
  collectFailed: { zh: '未能取号，请到服务台咨询', en: 'Could not take a ticket: ask at the desk' },
  collection: { zh: '出件号 {number}，请留意叫号', en: 'Collection ticket {number}' },
  open: { zh: '查看出件号进度', en: 'Follow the collection ticket' },
} as const;

const both = (t: { zh: string; en: string }, vars: Record<string, string> = {}) => {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
  return `${escapeHtml(fill(t.zh))}<span class="en">${escapeHtml(fill(t.en))}</span>`;
};

const ticketId = decodeURIComponent(location.pathname.split('/').pop() ?? '');
const box = document.createElement('section');
box.className = 'alerts';
box.setAttribute('aria-live', 'assertive');
const app = document.getElementById('app');
document.body.insertBefore(box, app);

let audio: AudioContext | null = null;
let enabled = sessionStorage.getItem('hallq-alerts-on') === '1';
let ticket: TicketView | null = null;
let notices: TicketNotices | null = null;
let smsError = false;
let collectError = false;

/** Once per ticket and kind, across reloads of the page (sessionStorage). */
function firstTime(kind: string): boolean {
  const key = `hallq-alert:${ticketId}:${kind}`;
  if (sessionStorage.getItem(key)) return false;
  sessionStorage.setItem(key, String(Date.now()));
  return true;
}

/** Two short tones; the AudioContext was made by the user's tap (browsers demand one). */
function beep(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const start = audio.currentTime;
    for (const [offset, freq] of [
      [0, 880],
      [0.35, 1175],
    ] as const) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.25, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.3);
    }
  } catch {
    // No audio on this phone: the banner and the vibration remain.
  }
}

function alert(kind: string): void {
  if (!firstTime(kind)) return;
  beep();
  if (typeof navigator.vibrate === 'function') navigator.vibrate([300, 150, 300, 150, 300]);
}

function banner(): string {
  if (!ticket) return '';
  if ((ticket.status === 'called' || ticket.status === 'serving') && ticket.window) {
    return `<div class="alert called" role="alert" data-testid="alert-called">${both(TEXT.called, {
      window: String(ticket.window.number),
    })}</div>`;
  }
  if (ticket.status === 'waiting' && ticket.ahead !== null && ticket.ahead <= NEAR_AHEAD) {
    return `<div class="alert near" role="alert" data-testid="alert-near">${both(TEXT.near, {
      n: String(ticket.ahead),
    })}</div>`;
  }
  return '';
}

function render(): void {
  if (!ticket) {
    box.innerHTML = '';
    return;
  }
  const live = ticket.status === 'waiting' || ticket.status === 'called';
  const enable =
    live && !enabled
      ? `<button type="button" class="enable" data-action="enable">${both(TEXT.enable)}</button>`
      : live
        ? `<p class="enabled" data-testid="alerts-on">${both(TEXT.enabled)}</p>`
        : '';
  let sms = '';
  if (live && notices?.smsAvailable) {
    sms = notices.smsPhone
      ? `<p class="sms-on" data-testid="sms-on">${both(TEXT.smsOn, { phone: notices.smsPhone })}</p>`
      : `<form class="sms" data-testid="sms-form"><label>${both(TEXT.sms)}<small>${both(TEXT.smsHint)}</small>
          <input name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="20"
            placeholder="${escapeHtml(TEXT.smsPlaceholder.zh)}"></label>
          <button type="submit">${both(TEXT.smsSubmit)}</button>
          ${smsError ? `<p class="error">${both(TEXT.smsFailed)}</p>` : ''}</form>`;
  }
  let ready = '';
  if (notices?.readyForCollection) {
    ready = `<div class="ready" data-testid="ready"><p>${both(TEXT.ready)}</p>${
      notices.collection
        ? `<p data-testid="collection">${both(TEXT.collection, { number: notices.collection.number })}</p>
           <a href="${escapeHtml(notices.collection.statusPath)}">${both(TEXT.open)}</a>`
        : `<button type="button" data-action="collect">${both(TEXT.collect)}</button>`
    }${collectError ? `<p class="error">${both(TEXT.collectFailed)}</p>` : ''}</div>`;
  }
  const html = `${banner()}${ready}${enable}${sms}`;
  // Keep a half-typed number: redraw only when something shown changed.
  if (box.dataset.html !== html) {
    box.dataset.html = html;
    box.innerHTML = html;
  }
}

/** Called by main.ts with every fresh view of the ticket. */
export function ticketAlerts(view: TicketView | null): void {
  ticket = view;
  if (view?.status === 'waiting' && view.ahead !== null && view.ahead <= NEAR_AHEAD) {
    alert('near');
  }
  // Once per window: a recall does not buzz again, the next window of a transfer does.
  if ((view?.status === 'called' || view?.status === 'serving') && view.window) {
    alert(`called:${view.window.number}`);
  }
  render();
  // The notices change with the ticket's state (or by this page's own form), not with every
  // movement of the hall: asked again only when the status changes.
  if (view?.status !== lastStatus) {
    lastStatus = view?.status;
    void loadNotices();
  }
}
let lastStatus: string | undefined;

let loading = false;
async function loadNotices(): Promise<void> {
  if (loading) return;
  loading = true;
  try {
    const res = await fetch(`/api/tickets/${encodeURIComponent(ticketId)}/notices`);
    const next = res.ok ? ((await res.json()) as TicketNotices) : null;
    if (next?.readyForCollection && !notices?.readyForCollection) alert('ready');
    notices = next;
    render();
  } catch {
    // Offline: main.ts shows the banner; the next poll tries again.
  } finally {
    loading = false;
  }
}
// 可取件 is no queue event: a finished ticket looks now and then until its result is ready.
setInterval(() => {
  if (ticket?.status === 'done' && !notices?.collection) void loadNotices();
}, POLL_MS);

box.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
  if (button?.dataset.action === 'enable') {
    enabled = true;
    sessionStorage.setItem('hallq-alerts-on', '1');
    // Made inside the tap, so the browser lets it play later.
    try {
      audio ??= new AudioContext();
      void audio.resume();
    } catch {
      audio = null;
    }
    render();
  } else if (button?.dataset.action === 'collect') {
    button.disabled = true;
    void fetch(`/api/tickets/${encodeURIComponent(ticketId)}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then(async (res) => {
      collectError = !res.ok;
      if (res.ok) {
        const issued = (await res.json()) as IssuedTicket;
        location.assign(issued.statusPath);
        return;
      }
      void loadNotices();
    });
  }
});

box.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const phone = (form.elements.namedItem('phone') as HTMLInputElement).value;
  void fetch(`/api/tickets/${encodeURIComponent(ticketId)}/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone }),
  }).then(async (res) => {
    smsError = !res.ok;
    if (res.ok) notices = (await res.json()) as TicketNotices;
    box.dataset.html = '';
    render();
  });
});
