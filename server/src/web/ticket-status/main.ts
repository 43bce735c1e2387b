import './style.css';
import { connectLiveHall } from '../../../../shared/src/client/live-hall';
import type { TicketView } from '../../../../shared/src/protocol/http';
import { RATING_LEVELS, type RatingLevel } from '../../../../shared/src/domain/ticket';
import { RATING_TEXT, STATUS_TEXT, TEXT } from './texts';
import { bundleProgress } from './bundle';
import { ticketAlerts } from './alerts';
import { escapeHtml } from '../staff-common/dom';

/**
 * The citizen's status page, opened from the slip's QR code: the number, its state, the
 * people ahead and the estimated wait, and the window when called, updated live.
 */

const app = document.getElementById('app') as HTMLElement;
const ticketId = decodeURIComponent(location.pathname.split('/').pop() ?? '');
let offline = false;
/** Times show in the hall's zone, whatever the phone's. */
let hallZone = 'Asia/Shanghai';

const both = (t: { zh: string; en: string }) =>
  `${escapeHtml(t.zh)}${t.en ? `<span class="en">${escapeHtml(t.en)}</span>` : ''}`;

function render(ticket: TicketView | null): void {
  const banner = offline ? `<div class="banner">${both(TEXT.offline)}</div>` : '';
  if (!ticket) {
    app.innerHTML = `${banner}<main><h1>${both(TEXT.title)}</h1><p class="service">${both(TEXT.notFound)}</p></main>`;
    return;
  }
  const status = STATUS_TEXT[ticket.status];
  const call =
    ticket.window && (ticket.status === 'called' || ticket.status === 'serving')
      ? `<p class="call" data-testid="call">${both({
          zh: TEXT.goTo.zh.replace('{window}', String(ticket.window.number)),
          en: TEXT.goTo.en.replace('{window}', String(ticket.window.number)),
        })}</p>`
      : '';
  const figures =
    ticket.status === 'waiting'
      ? `<div class="figures">
          <div class="figure"><b data-testid="ahead">${ticket.ahead ?? 0}</b>${both(TEXT.ahead)}</div>
          <div class="figure"><b data-testid="wait">${ticket.estimatedWaitMinutes ?? 0}</b>${both({
            zh: `${TEXT.wait.zh}（${TEXT.minutes.zh}）`,
            en: `${TEXT.wait.en} (${TEXT.minutes.en})`,
          })}</div>
        </div>`
      : '';
  // 好差评 from the citizen's own phone, once the ticket is done (the window's pad may have
  // been skipped).
  const rating =
    ticket.status !== 'done'
      ? ''
      : ticket.rating
        ? `<p class="rated" data-testid="rated">${both(TEXT.thanks)}<br>${both(RATING_TEXT[ticket.rating])}</p>`
        : `<section class="rating"><p>${both(TEXT.rate)}</p>${RATING_LEVELS.map(
            (level) =>
              `<button type="button" class="rate ${level}" data-level="${level}">${both(RATING_TEXT[level])}</button>`,
          ).join(
            '',
          )}${ratingError ? `<p class="error">${both(TEXT.rateFailed)}</p>` : ''}</section>`;
  const issued = new Date(ticket.issuedAt).toLocaleTimeString('zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: hallZone,
  });
  app.innerHTML = `${banner}<main>
    <h1>${both(TEXT.title)}</h1>
    <p class="number" data-testid="number">${escapeHtml(ticket.number)}</p>
    <p class="service">${escapeHtml(ticket.serviceName)}</p>
    <p class="status ${ticket.status}" data-testid="status">${both(status)}</p>
    ${call}${figures}${bundleProgress(ticket)}${rating}
    <p class="meta">${escapeHtml(TEXT.issuedAt.zh)} ${issued}</p>
  </main>`;
}

let lastShown: string | null = null;
let ratingError = false;

app.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-level]');
  const level = button?.dataset.level as RatingLevel | undefined;
  if (!button || !level) return;
  button.disabled = true;
  void fetch(`/api/tickets/${encodeURIComponent(ticketId)}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ level }),
  }).then((res) => {
    // Already rated (at the window's pad) is fine too: show what is stored.
    ratingError = !res.ok && res.status !== 409;
    lastShown = null;
    void refresh();
  });
});
let inFlight = false;
let again = false;

/** Fetches the ticket; requests during a fetch coalesce into one more fetch after it. */
async function refresh(): Promise<void> {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  try {
    do {
      again = false;
      const res = await fetch(`/api/tickets/${encodeURIComponent(ticketId)}`);
      const ticket = res.ok ? ((await res.json()) as TicketView) : null;
      // A bundle ticket's step moves on without its status changing (一件事 window).
      const shown = `${ticket?.status ?? ''}|${ticket?.serviceId ?? ''}|${ticket?.rating ?? ''}|${ratingError}`;
      if (shown !== lastShown || ticket?.status === 'waiting') render(ticket);
      ticketAlerts(ticket); // 无声叫号 banner, tone, vibration; SMS form; 出件 (alerts.ts)
      lastShown = shown;
    } while (again);
  } finally {
    inFlight = false;
  }
}

connectLiveHall({
  // Any movement in the hall may move this ticket's place; the answer is small.
  onChange: (mirror) => {
    hallZone = mirror.snapshot.hall.timeZone;
    void refresh();
  },
  onStatus: (status) => {
    const was = offline;
    offline = status === 'offline';
    if (was !== offline) void refresh();
  },
});
void refresh();
