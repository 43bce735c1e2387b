import '../staff-common/style.css';
import './style.css';
import { connectLiveHall, type LiveHall } from '../../../../shared/src/client/live-hall';
import type { HallConfig, PriorityClass } from '../../../../shared/src/domain/hall-config';
import type { HallMirror } from '../../../../shared/src/protocol/hall-mirror';
import type { IssuedTicket, TicketView, WindowView } from '../../../../shared/src/protocol/http';
import type { CaseView, WarningView } from '../../../../shared/src/supervision/http';
import { PRIORITY_ZH, RATING_ZH, WARNING_KIND_ZH } from '../../../../shared/src/supervision/texts';
import { $, clock, dateTime, html, onAction, raw, toast } from '../staff-common/dom';
import { loginScreen, showFailure, StaffSession } from '../staff-common/session';
import { COMMON, windowNo } from '../staff-common/texts';
import { T } from './texts';
import { bookingsPanel } from './bookings-panel';
import type { BookingDaySummary } from '../../../../shared/src/protocol/bookings';

/**
 * 导服台: every queue and window live, tickets issued for citizens (priority, 帮办代办),
 * 分流 of waiting tickets, 临时受理 for windows, warnings that sound, follow-up cases.
 */

type HallInfo = Pick<HallConfig, 'id' | 'name' | 'timeZone' | 'areas' | 'services' | 'windows'> & {
  bundles?: { id: string; name: string }[];
};

const root = document.getElementById('app') as HTMLElement;
const session = new StaffSession('guide', ['guide', 'admin']);
const PRIORITIES: PriorityClass[] = ['elderly', 'disabled', 'pregnant', 'military'];

let live: LiveHall | null = null;
let hall: HallInfo | null = null;
let mirror: HallMirror | null = null;
let status: 'connecting' | 'live' | 'offline' = 'connecting';
let openService: string | null = null;
let waitingTickets: TicketView[] = [];
let tab: 'hall' | 'cases' | 'bookings' = 'hall';
let bookings: BookingDaySummary | null = null;
const warnings = new Map<number, WarningView>();
let cases: CaseView[] = [];
let owners: { id: string; label: string }[] = [];

// ---- sound ------------------------------------------------------------------------

let audio: AudioContext | null = null;

/** A browser lets a page sound only after a person acted on it: the login click does. */
function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
}

/** Two short tones (three for a critical warning); counted in data-beeps for tests. */
function beep(critical: boolean): void {
  document.body.dataset.beeps = String(Number(document.body.dataset.beeps ?? 0) + 1);
  if (!audio) return;
  const start = audio.currentTime;
  for (let i = 0; i < (critical ? 3 : 2); i += 1) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = critical ? 988 : 880;
    gain.gain.setValueAtTime(0.0001, start + i * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.25 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.25 + 0.18);
    osc.connect(gain).connect(audio.destination);
    osc.start(start + i * 0.25);
    osc.stop(start + i * 0.25 + 0.2);
  }
}

// ---- helpers ----------------------------------------------------------------------

const zone = () => hall?.timeZone ?? 'Asia/Shanghai';
const serviceName = (id: string) => hall?.services.find((s) => s.id === id)?.name ?? id;
const windowOf = (id: string | null) => hall?.windows.find((w) => w.id === id);

async function loadHall(): Promise<void> {
  hall = await session.request<HallInfo>('GET', '/api/hall/config');
}

let frame = 0;
function renderSoon(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    renderLive();
  });
}

// ---- the page ---------------------------------------------------------------------

function layout(): void {
  root.innerHTML = html`<header class="top">
      <h1>${T.title}</h1>
      <span class="hall" data-testid="hall-name">${hall?.name ?? ''}</span>
      <span class="live" data-testid="live"></span>
      <span class="spacer"></span>
      <span>${session.me?.displayName ?? ''}</span>
      <button data-action="logout">${T.logout}</button>
    </header>
    <div class="guide">
      <aside>
        <section class="card" id="issue"></section>
        <section class="card warnings" id="warnings" data-testid="warnings"></section>
      </aside>
      <div class="main">
        <nav class="tabs" id="tabs"></nav>
        <div id="tab-body"></div>
      </div>
    </div>
    <dialog id="dialog"></dialog>`.html;
  renderIssueForm();
  renderLive();
  onAction(root, (action, target) => void act(action, target));
}

function renderIssueForm(): void {
  const box = $('#issue');
  const helpWindow = hall?.windows.find((w) => w.kind === 'help');
  const byArea = (hall?.areas ?? []).map((area) => ({
    area,
    services: (hall?.services ?? []).filter((s) => s.areaId === area.id),
  }));
  box.innerHTML = html`<h2>${T.issue.title}</h2>
    <form id="issue-form" class="issue-form">
      <label
        >${T.issue.service}
        <select name="serviceId" data-testid="issue-service" required>
          ${byArea.map(
            ({ area, services }) =>
              html`<optgroup label="${area.name}">
                ${services.map((s) => html`<option value="${s.id}">${s.prefix} ${s.name}</option>`)}
              </optgroup>`,
          )}
          ${
            hall?.bundles?.length
              ? html`<optgroup label="${T.issue.bundles}" data-testid="issue-bundles">
                  ${hall.bundles.map((b) => html`<option value="${b.id}">${b.name}</option>`)}
                </optgroup>`
              : ''
          }
        </select>
      </label>
      <fieldset class="chips" data-testid="issue-priority">
        <legend>${T.issue.priority}</legend>
        <label class="inline"
          ><input type="radio" name="priority" value="" checked />${T.issue.none}</label
        >
        ${PRIORITIES.map(
          (p) =>
            html`<label class="inline"
              ><input type="radio" name="priority" value="${p}" />${PRIORITY_ZH[p]}</label
            >`,
        )}
      </fieldset>
      <label class="inline" title="${helpWindow ? '' : T.issue.noHelpWindow}">
        <input
          type="checkbox"
          name="help"
          data-testid="issue-help"
          ${raw(helpWindow ? '' : 'disabled')}
        />
        ${helpWindow ? T.issue.help : T.issue.noHelpWindow}
      </label>
      <label
        >${T.issue.idNumber}<input
          name="idNumber"
          maxlength="18"
          autocomplete="off"
          inputmode="text"
      /></label>
      <button class="primary" type="submit" data-testid="issue-submit">${T.issue.submit}</button>
    </form>
    <div id="issued" data-testid="issued"></div>`.html;
  const form = $('#issue-form') as HTMLFormElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void issue(form);
  });
}

async function issue(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const priority = String(data.get('priority') ?? '') || null;
  const idNumber = String(data.get('idNumber') ?? '').trim();
  try {
    const ticket = await session.request<IssuedTicket>('POST', '/api/tickets', {
      serviceId: String(data.get('serviceId')),
      channel: 'guide',
      priority,
      ...(idNumber ? { idNumber } : {}),
    });
    let note = '';
    const helpWindow = hall?.windows.find((w) => w.kind === 'help');
    if (data.get('help') && helpWindow) {
      await session.request('POST', `/api/tickets/${ticket.id}/divert`, {
        windowId: helpWindow.id,
      });
      note = `${T.issue.helpSent}（${windowNo(helpWindow.number)}）`;
    }
    ($('input[name=idNumber]', form) as HTMLInputElement).value = '';
    $('#issued').innerHTML = html`<div class="issued">
      <div class="big" data-testid="issued-number">${ticket.number}</div>
      <div>
        ${ticket.serviceName}${ticket.priority ? html` <span class="badge warn">${PRIORITY_ZH[ticket.priority]}</span>` : ''}
      </div>
      <div class="muted">
        ${T.issue.ahead} ${ticket.ahead} ${T.issue.people} · ${T.issue.wait}
        ${ticket.estimatedWaitMinutes} ${T.issue.minutes}
      </div>
      <div class="muted">${note || `${T.issue.windows}：${ticket.windowNumbers.join('、')}`}</div>
    </div>`.html;
  } catch (failure) {
    showFailure(failure);
  }
}

function renderLive(): void {
  if (!document.getElementById('tab-body')) return;
  const liveBox = $('[data-testid=live]');
  liveBox.textContent = status === 'offline' ? T.offline : status === 'live' ? T.live : '…';
  liveBox.className = `live ${status}`;
  renderWarnings();
  const unacked = cases.filter((c) => c.overdue).length;
  $('#tabs').innerHTML = html` <button
      data-action="tab"
      data-tab="hall"
      class="${tab === 'hall' ? 'on' : ''}"
    >
      ${T.cases.hallTab}
    </button>
    <button
      data-action="tab"
      data-tab="cases"
      data-testid="tab-cases"
      class="${tab === 'cases' ? 'on' : ''}"
    >
      ${T.cases.title} <span class="badge ${unacked ? 'bad' : ''}">${cases.length}</span>
    </button>
    <button
      data-action="tab"
      data-tab="bookings"
      data-testid="tab-bookings"
      class="${tab === 'bookings' ? 'on' : ''}"
    >
      预约
    </button>`.html;
  if (tab === 'hall') renderHall();
  else if (tab === 'bookings') $('#tab-body').innerHTML = bookingsPanel(bookings).html;
  else renderCases();
}

function renderHall(): void {
  const body = $('#tab-body');
  if (!mirror || !hall) {
    body.innerHTML = '<p class="muted">…</p>';
    return;
  }
  const snapshot = mirror.snapshot;
  const longWait = new Set(
    [...warnings.values()].filter((w) => w.kind === 'long-wait').map((w) => w.serviceId),
  );
  const flagged = new Set([...warnings.values()].map((w) => w.windowId).filter(Boolean));
  const queueRows = snapshot.services.map((s) => {
    const expanded = openService === s.id;
    const row = html`<tr
      class="queue ${expanded ? 'open' : ''} ${longWait.has(s.id) ? 'hot' : ''}"
      data-action="service"
      data-service="${s.id}"
      data-testid="queue-${s.id}"
    >
      <td><b>${s.prefix}</b> ${s.name}</td>
      <td class="num" data-testid="waiting-${s.id}">${s.waiting}</td>
      <td class="num">${s.waiting ? `${s.estimatedWaitMinutes} ${COMMON.minutes}` : '—'}</td>
    </tr>`;
    if (!expanded) return row;
    const tickets = waitingTickets.filter((t) => t.serviceId === s.id);
    const list = tickets.length
      ? html`<table class="tickets">
          ${tickets.map(
            (t) =>
              html`<tr data-testid="ticket-${t.number}">
                <td>
                  <b>${t.number}</b
                  >${t.priority ? html` <span class="badge warn">${PRIORITY_ZH[t.priority]}</span>` : ''}${t.transfers ? html` <span class="badge">${T.queues.transfers}</span>` : ''}
                </td>
                <td class="muted">${clock(t.issuedAt, zone())}</td>
                <td class="muted">${T.queues.ahead} ${t.ahead ?? 0}</td>
                <td class="row-actions">
                  <button
                    class="small"
                    data-action="divert"
                    data-id="${t.id}"
                    data-number="${t.number}"
                  >
                    ${T.queues.divert}
                  </button>
                  <button
                    class="small"
                    data-action="priority"
                    data-id="${t.id}"
                    data-number="${t.number}"
                  >
                    ${T.queues.priority}
                  </button>
                  <button
                    class="small danger"
                    data-action="cancel"
                    data-id="${t.id}"
                    data-number="${t.number}"
                  >
                    ${T.queues.cancel}
                  </button>
                </td>
              </tr>`,
          )}
        </table>`
      : html`<p class="muted">${T.queues.none}</p>`;
    return html`${row}
      <tr class="expanded">
        <td colspan="3">${list}</td>
      </tr>`;
  });
  const windowCards = snapshot.windows.map((w) => windowCard(w, flagged.has(w.id)));
  body.innerHTML = html`<div class="hall-view">
    <section class="card queues">
      <h2>${T.queues.title}</h2>
      <table>
        <thead>
          <tr>
            <th>${T.queues.service}</th>
            <th class="num">${T.queues.waiting}</th>
            <th class="num">${T.queues.wait}</th>
          </tr>
        </thead>
        <tbody>
          ${queueRows}
        </tbody>
      </table>
    </section>
    <section class="card windows">
      <h2>${T.windows.title}</h2>
      <div class="window-grid">${windowCards}</div>
    </section>
  </div>`.html;
}

function windowCard(w: WindowView, flagged: boolean) {
  const extra = w.extraServices.map(serviceName).join('、');
  return html`<button
    class="window ${w.status} ${flagged ? 'flagged' : ''}"
    data-action="window"
    data-window="${w.id}"
    data-testid="window-${w.number}"
  >
    <span class="no">${w.number}</span>
    <span class="name">${w.name}</span>
    <span class="state">${T.status[w.status]}${w.currentTicket ? ` ${w.currentTicket}` : ''}</span>
    <span class="clerk">${w.clerkName ?? ''}</span>
    ${extra ? html`<span class="extra" data-testid="extra-${w.number}">+${extra}</span>` : ''}
  </button>`;
}

function renderWarnings(): void {
  const box = document.getElementById('warnings');
  if (!box) return;
  const list = [...warnings.values()].sort(
    (a, b) => Number(!!a.acknowledged) - Number(!!b.acknowledged) || b.id - a.id,
  );
  const open = list.filter((w) => !w.acknowledged).length;
  box.innerHTML = html`<h2>
      ${T.warnings.title}
      <span class="badge ${open ? 'bad' : 'ok'}" data-testid="warning-count">${open}</span>
    </h2>
    ${list.length === 0 ? html`<p class="muted">${T.warnings.none}</p>` : ''}
    <ul class="warning-list">
      ${list.map(
        (w) =>
          html`<li
            class="${w.severity} ${w.acknowledged ? 'acked' : ''}"
            data-testid="warning-${w.kind}"
          >
            <div>
              <span class="badge ${w.severity === 'critical' ? 'bad' : 'warn'}"
                >${WARNING_KIND_ZH[w.kind]}</span
              >
              <span class="muted">${clock(w.raisedAt, zone())}${T.warnings.since}</span>
            </div>
            <div class="text">${w.text}</div>
            ${
              w.acknowledged
                ? html`<div class="muted">
                    ${T.warnings.acked}：${w.acknowledged.by} ${clock(w.acknowledged.at, zone())}
                  </div>`
                : html`<button
                    class="small"
                    data-action="ack"
                    data-id="${w.id}"
                    data-testid="ack-${w.kind}"
                  >
                    ${T.warnings.ack}
                  </button>`
            }
          </li>`,
      )}
    </ul>`.html;
}

function renderCases(): void {
  const body = $('#tab-body');
  body.innerHTML = html`<section class="card cases">
    <h2>
      ${T.cases.title}<span class="spacer"></span>
      <button class="primary small" data-action="report" data-testid="report-unresolved">
        ${T.cases.report}
      </button>
    </h2>
    ${
      cases.length === 0
        ? html`<p class="muted">${T.cases.none}</p>`
        : html`<table data-testid="case-list">
            <thead>
              <tr>
                <th>${T.cases.head.source}</th>
                <th>${T.cases.head.number}</th>
                <th>${T.cases.head.service}</th>
                <th>${T.cases.head.window}</th>
                <th>${T.cases.head.what}</th>
                <th>${T.cases.deadline}</th>
                <th>${T.cases.owner}</th>
                <th>${T.cases.head.status}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${cases.map(
                (c) =>
                  html`<tr class="${c.overdue ? 'overdue' : ''}" data-testid="case-${c.id}">
                    <td>
                      <span class="badge ${c.source === 'rating' ? 'bad' : 'warn'}"
                        >${T.cases.source[c.source]}</span
                      >
                    </td>
                    <td>${c.ticketNumber ?? '—'}</td>
                    <td>${c.serviceName ?? '—'}</td>
                    <td>${c.windowNumber ? windowNo(c.windowNumber) : '—'}</td>
                    <td class="matter">${c.level ? RATING_ZH[c.level] : (c.matter ?? '')}</td>
                    <td>
                      ${c.deadline}<br />${
                        c.overdue
                          ? html`<span class="badge bad">${T.cases.overdue}</span>`
                          : html`<span class="muted">${T.cases.left} ${c.workingDaysLeft}</span>`
                      }
                    </td>
                    <td>
                      ${c.owner?.label ?? html`<span class="muted">${T.cases.unassigned}</span>`}
                    </td>
                    <td>${T.cases.status[c.status]}</td>
                    <td>
                      <button class="small" data-action="case" data-id="${c.id}">
                        ${T.cases.detail}
                      </button>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`.html;
}

// ---- dialogs ----------------------------------------------------------------------

/** Opens a dialog; its form's buttons submit with their value. `false` keeps it open. */
function dialog(
  content: ReturnType<typeof html>,
  onSubmit: (form: HTMLFormElement, submitter: string) => Promise<boolean | void>,
): void {
  const box = $('#dialog') as HTMLDialogElement;
  box.innerHTML = content.html;
  const form = box.querySelector('form') as HTMLFormElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const submitter = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? '';
    if (submitter === 'cancel') {
      box.close();
      return;
    }
    onSubmit(form, submitter)
      .then((keep) => {
        if (keep !== false) box.close();
      })
      .catch(showFailure);
  });
  box.showModal();
}

const closeButton = () => html`<button value="cancel" formnovalidate>${COMMON.close}</button>`;

function divertDialog(id: string, number: string): void {
  const ticket = waitingTickets.find((t) => t.id === id);
  const services = (hall?.services ?? []).filter((s) => s.id !== ticket?.serviceId);
  const windows = (mirror?.snapshot.windows ?? []).filter((w) => w.status !== 'closed');
  dialog(
    html`<form data-testid="divert-dialog">
      <h3>${T.divert.title} ${number}</h3>
      <p class="muted">${T.divert.hint}</p>
      <label class="inline"
        ><input type="radio" name="to" value="service" checked />${T.divert.toService}</label
      >
      <select name="serviceId" data-testid="divert-service">
        ${services.map((s) => html`<option value="${s.id}">${s.prefix} ${s.name}</option>`)}
      </select>
      <label class="inline"
        ><input type="radio" name="to" value="window" />${T.divert.toWindow}</label
      >
      <select name="windowId" data-testid="divert-window">
        ${windows.map((w) => html`<option value="${w.id}">${windowNo(w.number, w.name)}</option>`)}
      </select>
      <div class="actions">
        ${closeButton()}<button class="primary" value="ok" data-testid="divert-submit">
          ${T.divert.submit}
        </button>
      </div>
    </form>`,
    async (form) => {
      const data = new FormData(form);
      const body =
        data.get('to') === 'window'
          ? { windowId: String(data.get('windowId')) }
          : { serviceId: String(data.get('serviceId')) };
      await session.request('POST', `/api/tickets/${id}/divert`, body);
      toast(`${number} ${T.divert.done}`);
      await refreshTickets();
    },
  );
}

function priorityDialog(id: string, number: string): void {
  dialog(
    html`<form>
      <h3>${T.priorityDialog.title} ${number}</h3>
      <label class="inline"
        ><input type="radio" name="priority" value="" checked />${T.issue.none}</label
      >
      ${PRIORITIES.map((p) => html`<label class="inline"><input type="radio" name="priority" value="${p}" />${PRIORITY_ZH[p]}</label>`)}
      <div class="actions">
        ${closeButton()}<button class="primary" value="ok">${T.priorityDialog.submit}</button>
      </div>
    </form>`,
    async (form) => {
      const priority = String(new FormData(form).get('priority') ?? '') || null;
      await session.request('POST', `/api/tickets/${id}/priority`, { priority });
      toast(`${number} ${T.priorityDialog.done}`);
      await refreshTickets();
    },
  );
}

function cancelDialog(id: string, number: string): void {
  dialog(
    html`<form>
      <h3>${T.cancelDialog.title} ${number}</h3>
      <label
        >${T.cancelDialog.reason}<input
          name="reason"
          value="${T.cancelDialog.reasonDefault}"
          required
          maxlength="100"
      /></label>
      <div class="actions">
        ${closeButton()}<button class="primary" value="ok">${T.cancelDialog.submit}</button>
      </div>
    </form>`,
    async (form) => {
      await session.request('POST', `/api/tickets/${id}/cancel`, {
        reason: String(new FormData(form).get('reason')),
      });
      toast(`${number} ${T.cancelDialog.done}`);
      await refreshTickets();
    },
  );
}

function windowDialog(windowId: string): void {
  const config = windowOf(windowId);
  const view = mirror?.window(windowId);
  if (!config || !view) return;
  const others = (hall?.services ?? []).filter((s) => !config.services.includes(s.id));
  dialog(
    html`<form data-testid="window-dialog">
      <h3>
        ${windowNo(config.number)}${T.windows.window} ${config.name}
        <span class="badge">${T.status[view.status]}</span>
      </h3>
      <p class="muted">${T.windowDialog.own}：${config.services.map(serviceName).join('、')}</p>
      <p class="muted">${T.windowDialog.extraHint}</p>
      ${others.length === 0 ? html`<p class="muted">${T.windowDialog.all}</p>` : ''}
      <div class="checks">
        ${others.map(
          (s) =>
            html`<label class="inline"
              ><input
                type="checkbox"
                name="extra"
                value="${s.id}"
                ${raw(view.extraServices.includes(s.id) ? 'checked' : '')}
                data-testid="extra-${s.id}"
              />${s.name}</label
            >`,
        )}
      </div>
      <div class="actions">
        <button
          class="danger"
          value="close"
          ${raw(view.status === 'idle' || view.status === 'paused' ? '' : 'disabled')}
          title="${T.windowDialog.closeHint}"
        >
          ${T.windowDialog.close}
        </button>
        <span class="spacer"></span>
        ${closeButton()}
        <button value="reset">${T.windowDialog.reset}</button>
        <button class="primary" value="save" data-testid="extra-save">
          ${T.windowDialog.save}
        </button>
      </div>
    </form>`,
    async (form, submitter) => {
      if (submitter === 'close') {
        await session.request('POST', `/api/windows/${windowId}/close`);
        toast(`${windowNo(config.number)}${T.windowDialog.closed}`);
        return;
      }
      const serviceIds =
        submitter === 'reset' ? [] : new FormData(form).getAll('extra').map(String);
      await session.request('POST', `/api/windows/${windowId}/extra-services`, { serviceIds });
      toast(`${windowNo(config.number)}${T.windows.window}${T.windowDialog.saved}`);
    },
  );
}

function reportDialog(): void {
  dialog(
    html`<form data-testid="report-dialog">
      <h3>${T.cases.report}</h3>
      <label
        >${T.cases.matter}<textarea
          name="matter"
          rows="3"
          required
          minlength="2"
          maxlength="500"
        ></textarea>
      </label>
      <label>${T.cases.citizenName}<input name="citizenName" maxlength="20" /></label>
      <label>${T.cases.contact}<input name="contact" maxlength="24" inputmode="tel" /></label>
      <label
        >${T.cases.service}<select name="serviceId">
          <option value="">—</option>
          ${(hall?.services ?? []).map((s) => html`<option value="${s.id}">${s.name}</option>`)}
        </select></label
      >
      <label
        >${T.cases.window}<select name="windowId">
          <option value="">—</option>
          ${(hall?.windows ?? []).map(
            (w) => html`<option value="${w.id}">${windowNo(w.number, w.name)}</option>`,
          )}
        </select></label
      >
      <label>${T.cases.ticketNumber}<input name="ticketNumber" maxlength="6" /></label>
      <div class="actions">
        ${closeButton()}<button class="primary" value="ok" data-testid="report-submit">
          ${T.cases.report}
        </button>
      </div>
    </form>`,
    async (form) => {
      const data = new FormData(form);
      const body: Record<string, string> = {};
      for (const key of [
        'matter',
        'citizenName',
        'contact',
        'serviceId',
        'windowId',
        'ticketNumber',
      ]) {
        const value = String(data.get(key) ?? '').trim();
        if (value) body[key] = value;
      }
      const answer = await session.request<{ case: CaseView }>('POST', '/api/cases', body);
      toast(`${T.cases.filed} ${answer.case.deadline}`);
      await refreshCases();
    },
  );
}

async function caseDialog(id: string): Promise<void> {
  const { case: c } = await session.request<{ case: CaseView }>('GET', `/api/cases/${id}`);
  if (owners.length === 0)
    owners = (
      await session.request<{ owners: { id: string; label: string }[] }>('GET', '/api/cases/owners')
    ).owners;
  const closed = c.status === 'closed';
  dialog(
    html`<form class="case-dialog" data-testid="case-dialog">
      <h3>
        ${T.cases.source[c.source]} ${c.ticketNumber ?? ''}
        <span class="badge">${T.cases.status[c.status]}</span>
      </h3>
      <p>
        ${c.serviceName ?? ''}
        ${c.windowNumber ? `· ${windowNo(c.windowNumber)}${T.windows.window}` : ''}
        ${c.clerk ? `· ${c.clerk}` : ''} ${c.level ? html`· <b>${RATING_ZH[c.level]}</b>` : ''}
      </p>
      ${c.matter ? html`<p>${c.matter}</p>` : ''}
      ${
        c.citizenName || c.contact
          ? html`<p class="muted">
              ${c.citizenName ?? ''} ${c.contact ?? ''}
              ${c.contact ? html`<button class="small" value="reveal">${T.cases.reveal}</button>` : ''}
            </p>`
          : ''
      }
      <p class="muted">
        ${T.cases.deadline}
        ${c.deadline}${c.overdue ? html` <span class="badge bad">${T.cases.overdue}</span>` : ''}
      </p>
      <ol class="entries">
        ${(c.entries ?? []).map(
          (e) =>
            html`<li>
              <span class="muted">${dateTime(e.at, zone())} ${e.author ?? ''}</span>
              <b>${T.cases.entries[e.kind]}</b> ${e.text ?? ''}
              ${e.kind === 'callback' ? html`<span class="badge">${e.reached ? (e.satisfied ? T.cases.callbackState.satisfied : T.cases.callbackState.reached) : T.cases.callbackState.unreached}</span>` : ''}
            </li>`,
        )}
      </ol>
      ${
        closed
          ? html`<p><b>${T.cases.resolution}：</b>${c.resolution ?? ''}</p>`
          : html`<label
                >${T.cases.owner}<select name="ownerId">
                  <option value="">${T.cases.unassigned}</option>
                  ${owners.map(
                    (o) =>
                      html`<option value="${o.id}" ${raw(c.owner?.id === o.id ? 'selected' : '')}>
                        ${o.label}
                      </option>`,
                  )}
                </select></label
              >
              <label
                >${T.cases.note} / ${T.cases.callback} / ${T.cases.resolution}<textarea
                  name="text"
                  rows="2"
                  maxlength="500"
                ></textarea>
              </label>
              <label class="inline"
                ><input type="checkbox" name="reached" />${T.cases.reached}</label
              >
              <label class="inline"
                ><input type="checkbox" name="satisfied" />${T.cases.satisfied}</label
              >`
      }
      <div class="actions">
        ${closeButton()}${
          closed
            ? ''
            : html`<button value="assign">${T.cases.assign}</button
                ><button value="note">${T.cases.note}</button>
                <button value="callback" data-testid="case-callback">${T.cases.callback}</button>
                <button class="primary" value="close" data-testid="case-close">
                  ${T.cases.close}
                </button>`
        }
      </div>
    </form>`,
    async (form, submitter) => {
      const data = new FormData(form);
      const text = String(data.get('text') ?? '').trim();
      const need = () => {
        if (!text) throw new Error(COMMON.fillIn);
      };
      if (submitter === 'reveal') {
        const { contact } = await session.request<{ contact: string | null }>(
          'POST',
          `/api/cases/${id}/contact`,
        );
        toast(`${T.cases.contact}：${contact ?? '—'}`);
        return false;
      }
      if (submitter === 'assign')
        await session.request('POST', `/api/cases/${id}/assign`, {
          ownerId: String(data.get('ownerId') ?? '') || null,
        });
      if (submitter === 'note') {
        need();
        await session.request('POST', `/api/cases/${id}/notes`, { text });
      }
      if (submitter === 'callback') {
        need();
        const reached = data.get('reached') === 'on';
        await session.request('POST', `/api/cases/${id}/callback`, {
          reached,
          satisfied: reached ? data.get('satisfied') === 'on' : null,
          text,
        });
      }
      if (submitter === 'close') {
        need();
        await session.request('POST', `/api/cases/${id}/close`, { resolution: text });
      }
      await refreshCases();
    },
  );
}

// ---- actions ----------------------------------------------------------------------

async function act(action: string, target: HTMLElement): Promise<void> {
  const id = target.dataset.id ?? '';
  const number = target.dataset.number ?? '';
  try {
    switch (action) {
      case 'logout':
        live?.close();
        await session.logout();
        location.reload();
        return;
      case 'tab':
        tab =
          target.dataset.tab === 'cases'
            ? 'cases'
            : target.dataset.tab === 'bookings'
              ? 'bookings'
              : 'hall';
        if (tab === 'cases') await refreshCases();
        if (tab === 'bookings')
          bookings = await session.request<BookingDaySummary>('GET', '/api/bookings');
        renderLive();
        return;
      case 'service':
        openService =
          openService === target.dataset.service ? null : (target.dataset.service ?? null);
        await refreshTickets();
        return;
      case 'divert':
        return divertDialog(id, number);
      case 'priority':
        return priorityDialog(id, number);
      case 'cancel':
        return cancelDialog(id, number);
      case 'window':
        return windowDialog(target.dataset.window ?? '');
      case 'ack': {
        const { warning } = await session.request<{ warning: WarningView }>(
          'POST',
          `/api/warnings/${id}/ack`,
        );
        warnings.set(warning.id, warning);
        renderWarnings();
        return;
      }
      case 'report':
        return reportDialog();
      case 'case':
        return await caseDialog(id);
    }
  } catch (failure) {
    showFailure(failure);
  }
}

async function refreshTickets(): Promise<void> {
  if (!openService) {
    waitingTickets = [];
  } else {
    const { tickets } = await session.request<{ tickets: TicketView[] }>(
      'GET',
      `/api/tickets?status=waiting&serviceId=${encodeURIComponent(openService)}`,
    );
    waitingTickets = tickets;
  }
  renderSoon();
}

async function refreshCases(): Promise<void> {
  cases = (await session.request<{ cases: CaseView[] }>('GET', '/api/cases')).cases;
  renderSoon();
}

let ticketTimer = 0;
/** The open queue's tickets follow the hall, at most a few times a second. */
function ticketsSoon(): void {
  if (!openService || ticketTimer) return;
  ticketTimer = window.setTimeout(() => {
    ticketTimer = 0;
    void refreshTickets().catch(() => undefined);
  }, 150);
}

// ---- start ------------------------------------------------------------------------

async function start(): Promise<void> {
  const me =
    (await session.resume()) ??
    (await loginScreen(root, session, { title: T.title, hint: T.loginHint }, unlockAudio));
  void me;
  await loadHall();
  layout();
  document.addEventListener('pointerdown', unlockAudio, { once: true });
  await refreshCases().catch(() => undefined);
  live = connectLiveHall({
    token: session.token ?? undefined,
    onChange: (m) => {
      if (mirror && m !== mirror) {
        // A new snapshot: the configuration may have changed (admin): names, windows.
        void loadHall().then(() => {
          renderIssueForm();
          renderSoon();
        });
      }
      mirror = m;
      renderSoon();
      ticketsSoon();
    },
    onStatus: (s) => {
      status = s;
      renderSoon();
    },
  });
  const on = live.socket.on.bind(live.socket) as unknown as (
    name: string,
    handler: (payload: never) => void,
  ) => void;
  on('warnings.snapshot', (list: WarningView[]) => {
    warnings.clear();
    for (const w of list) warnings.set(w.id, w);
    renderSoon();
  });
  on('warning.raised', (w: WarningView) => {
    warnings.set(w.id, w);
    beep(w.severity === 'critical');
    renderSoon();
  });
  on('warning.acknowledged', (w: WarningView) => {
    warnings.set(w.id, w);
    renderSoon();
  });
  on('warning.cleared', (w: { id: number }) => {
    warnings.delete(w.id);
    renderSoon();
  });
  on('case.opened', () => void refreshCases().catch(() => undefined));
  on('case.updated', () => void refreshCases().catch(() => undefined));
  live.socket.on('connect_error', (error) => {
    if (error.message === 'UNAUTHENTICATED') {
      live?.close();
      session.forget();
      location.reload();
    }
  });
}

void start();
