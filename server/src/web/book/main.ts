import './style.css';
import QRCode from 'qrcode';
import type { SlotView } from '../../../../shared/src/booking/rules';
import type { ApiError } from '../../../../shared/src/protocol/http';
import type {
  BookingOptions,
  BookingSlots,
  BookingView,
} from '../../../../shared/src/protocol/bookings';
import { STATUS_TEXT, TEXT, WEEKDAYS, fill, type Text } from './texts';
import { escapeHtml } from '../staff-common/dom';

/**
 * 预约办 on a phone (/book): service → day and slot → ID and phone number → the booking
 * code, big, with its QR code for the kiosk. The same page finds a booking by its code
 * to move or cancel it. Large type, zh-CN first.
 */

type View =
  | { name: 'loading' }
  | { name: 'home'; error: Text | null }
  | { name: 'services' }
  | {
      name: 'slots';
      serviceId: string;
      day: string;
      slots: SlotView[] | null;
      /** Moving this booking rather than making a new one. */
      moving: BookingView | null;
      error: Text | null;
    }
  | {
      name: 'details';
      serviceId: string;
      day: string;
      slot: string;
      error: Text | null;
      busy: boolean;
    }
  | {
      name: 'booking';
      booking: BookingView;
      qrSvg: string;
      fresh: boolean;
      confirmCancel: boolean;
      error: Text | null;
    };

const app = document.getElementById('app') as HTMLElement;
let options: BookingOptions | null = null;
let view: View = { name: 'loading' };

const both = (t: Text) =>
  `${escapeHtml(t.zh)}${t.en ? `<span class="en" lang="en">${escapeHtml(t.en)}</span>` : ''}`;
const button = (action: string, label: Text, kind = 'secondary', attrs = '') =>
  `<button type="button" class="btn ${kind}" data-action="${escapeHtml(action)}" ${attrs}>${both(label)}</button>`;

class ApiFailure extends Error {
  constructor(readonly text: Text) {
    super(text.zh);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiFailure(TEXT.failed);
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = (json as ApiError | null)?.error;
    if (!error) throw new ApiFailure(TEXT.failed);
    const details = error.details as { until?: string } | undefined;
    // A suspension says until when.
    const until =
      error.code === 'BOOKING_BLOCKED' && details?.until
        ? { zh: `（至 ${details.until}）`, en: ` (until ${details.until})` }
        : { zh: '', en: '' };
    throw new ApiFailure({ zh: error.messageZh + until.zh, en: error.messageEn + until.en });
  }
  return json as T;
}

function serviceName(id: string): string {
  return options?.services.find((s) => s.id === id)?.name ?? id;
}

function dayLabel(day: string): Text {
  const info = options?.days.find((d) => d.day === day);
  const weekday = info ? (WEEKDAYS[info.weekday] ?? '') : '';
  const isToday = options?.days[0]?.day === day;
  return {
    zh: `${day.slice(5).replace('-', '月')}日 ${isToday ? TEXT.today.zh : weekday}`,
    en: '',
  };
}

function clockIn(iso: string): string {
  return new Date(iso).toLocaleTimeString('zh-CN', {
    timeZone: options?.timeZone ?? 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

function errorLine(error: Text | null): string {
  return error ? `<p class="error" role="alert" data-testid="error">${both(error)}</p>` : '';
}

// ---- views --------------------------------------------------------------------------

function home(v: Extract<View, { name: 'home' }>): string {
  return `<section data-screen="home">
    <p class="intro">${both(TEXT.intro)}</p>
    ${button('new', TEXT.newBooking, 'primary big')}
    <form class="lookup" data-form="lookup">
      <label for="code">${both(TEXT.manage)}</label>
      <div class="row">
        <input id="code" name="code" autocomplete="off" autocapitalize="characters" maxlength="12"
          placeholder="${escapeHtml(TEXT.codePlaceholder.zh)}" data-testid="code-input">
        <button type="submit" class="btn secondary">${both(TEXT.find)}</button>
      </div>
    </form>
    ${errorLine(v.error)}
  </section>`;
}

function services(): string {
  const list = (options?.services ?? [])
    .map(
      (s) => `<button type="button" class="choice" data-action="service:${escapeHtml(s.id)}">
        <span class="choice-name">${escapeHtml(s.name)}</span><span class="choice-sub">${escapeHtml(s.areaName)}</span>
      </button>`,
    )
    .join('');
  return `<section data-screen="services">
    <h2>${both(TEXT.chooseService)}</h2>
    <div class="choices">${list}</div>
    ${button('home', TEXT.back)}
  </section>`;
}

function slots(v: Extract<View, { name: 'slots' }>): string {
  const days = (options?.days ?? [])
    .map((d) => {
      const label = dayLabel(d.day);
      return `<button type="button" class="day${d.day === v.day ? ' selected' : ''}" data-action="day:${d.day}" aria-pressed="${d.day === v.day}" ${d.closed ? 'disabled' : ''}>
        <span>${escapeHtml(label.zh)}</span>${d.closed ? `<small>${escapeHtml(TEXT.closed.zh)}</small>` : ''}
      </button>`;
    })
    .join('');
  const grid =
    v.slots === null
      ? '<p class="muted">…</p>'
      : v.slots.length === 0
        ? `<p class="muted">${both(TEXT.noSlots)}</p>`
        : `<div class="slots">${v.slots
            .map((s) => {
              const left = s.capacity - s.booked;
              const note =
                s.state === 'full'
                  ? TEXT.full.zh
                  : s.state === 'past'
                    ? TEXT.past.zh
                    : fill(TEXT.left, { n: left }).zh;
              return `<button type="button" class="slot ${s.state}" data-action="slot:${s.start}" data-slot="${s.start}" ${s.state === 'open' ? '' : 'disabled'}>
                <b>${escapeHtml(s.start)}</b><small>${escapeHtml(note)}</small></button>`;
            })
            .join('')}</div>`;
  return `<section data-screen="slots">
    <h2>${both(v.moving ? TEXT.moveTitle : TEXT.chooseSlot)}</h2>
    <p class="picked">${escapeHtml(serviceName(v.serviceId))}</p>
    <div class="days">${days}</div>
    ${grid}
    ${errorLine(v.error)}
    ${button(v.moving ? 'show-booking' : 'new', TEXT.back)}
  </section>`;
}

function details(v: Extract<View, { name: 'details' }>): string {
  return `<section data-screen="details">
    <h2>${both(TEXT.yourDetails)}</h2>
    <p class="picked">${escapeHtml(serviceName(v.serviceId))}<br>${escapeHtml(dayLabel(v.day).zh)} ${escapeHtml(v.slot)}</p>
    <form data-form="book" class="details">
      <label for="idNumber">${both(TEXT.idNumber)}</label>
      <input id="idNumber" name="idNumber" autocomplete="off" maxlength="18" inputmode="text" required data-testid="id-input">
      <p class="hint">${both(TEXT.idHint)}</p>
      <label for="phone">${both(TEXT.phone)}</label>
      <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="13" required data-testid="phone-input">
      ${options ? `<p class="hint">${both(fill(TEXT.lateRule, { window: options.noShowWindowDays, limit: options.noShowLimit, block: options.blockDays }))}</p>` : ''}
      ${errorLine(v.error)}
      <button type="submit" class="btn primary big" ${v.busy ? 'disabled' : ''}>${both(TEXT.submit)}</button>
    </form>
    ${button('back-to-slots', TEXT.back)}
  </section>`;
}

function booking(v: Extract<View, { name: 'booking' }>): string {
  const b = v.booking;
  const status = STATUS_TEXT[b.status] ?? { zh: b.status, en: '' };
  const active = b.status === 'booked';
  const rows: [Text, string][] = [
    [TEXT.service, b.serviceName],
    [TEXT.when, `${dayLabel(b.day).zh} ${b.slot.start}–${b.slot.end}`],
    [TEXT.phoneShown, b.maskedPhone],
  ];
  const confirm = v.confirmCancel
    ? `<div class="confirm" role="alertdialog"><p>${both(TEXT.confirmCancel)}</p>
        ${button('cancel-yes', TEXT.yesCancel, 'danger')}${button('cancel-no', TEXT.keep)}</div>`
    : '';
  return `<section data-screen="booking">
    ${v.fresh ? `<h2 class="ok">${both(TEXT.booked)}</h2>` : ''}
    <p class="label">${both(TEXT.codeLabel)}</p>
    <p class="code" data-testid="booking-code">${escapeHtml(b.code)}</p>
    ${active ? `<div class="qr" data-testid="booking-qr">${v.qrSvg}</div><p class="hint">${both(TEXT.showCode)}</p>` : ''}
    <p class="status ${escapeHtml(b.status)}" data-testid="booking-status">${both(status)}</p>
    ${b.ticket ? `<p class="ticket">${both(fill(TEXT.ticket, { number: b.ticket.number }))}</p>` : ''}
    <dl>${rows.map(([k, val]) => `<dt>${escapeHtml(k.zh)}</dt><dd>${escapeHtml(val)}</dd>`).join('')}</dl>
    ${
      active
        ? `<p class="window" data-testid="check-in-window">${both(
            fill(TEXT.checkInWindow, {
              day: dayLabel(b.day).zh,
              from: clockIn(b.checkInOpensAt),
              to: clockIn(b.checkInClosesAt),
            }),
          )}</p>`
        : ''
    }
    ${errorLine(v.error)}
    ${confirm}
    <div class="actions">
      ${active && !v.confirmCancel ? `${button('move', TEXT.move)}${button('cancel', TEXT.cancel, 'danger')}` : ''}
      ${button('home', TEXT.done, 'primary')}
    </div>
  </section>`;
}

function render(): void {
  const body =
    view.name === 'loading'
      ? '<p class="muted">…</p>'
      : view.name === 'home'
        ? home(view)
        : view.name === 'services'
          ? services()
          : view.name === 'slots'
            ? slots(view)
            : view.name === 'details'
              ? details(view)
              : booking(view);
  app.innerHTML = `<header><h1>${both(TEXT.title)}</h1><p class="hall">${escapeHtml(options?.hallName ?? '')}</p></header><main>${body}</main>`;
  document.body.dataset.view = view.name;
}

function go(next: View): void {
  view = next;
  render();
  window.scrollTo(0, 0);
}

// ---- actions ------------------------------------------------------------------------

async function loadSlots(serviceId: string, day: string, moving: BookingView | null) {
  go({ name: 'slots', serviceId, day, slots: null, moving, error: null });
  try {
    const answer = await call<BookingSlots>(
      'GET',
      `/api/bookings/slots?serviceId=${encodeURIComponent(serviceId)}&day=${day}`,
    );
    if (view.name === 'slots' && view.day === day) go({ ...view, slots: answer.slots });
  } catch (error) {
    if (view.name === 'slots') go({ ...view, slots: [], error: (error as ApiFailure).text });
  }
}

/** The first open day at or after today. */
function firstOpenDay(): string {
  return options?.days.find((d) => !d.closed)?.day ?? options?.days[0]?.day ?? '';
}

async function showBooking(b: BookingView, fresh: boolean): Promise<void> {
  const qrSvg = await QRCode.toString(b.qrText, {
    type: 'svg',
    margin: 1,
    errorCorrectionLevel: 'M',
  });
  go({ name: 'booking', booking: b, qrSvg, fresh, confirmCancel: false, error: null });
  // The code in the address: a reload, a bookmark or a shared link finds it again.
  history.replaceState(null, '', `/book?code=${encodeURIComponent(b.code)}`);
}

async function lookup(code: string): Promise<void> {
  try {
    await showBooking(
      await call<BookingView>('GET', `/api/bookings/${encodeURIComponent(code)}`),
      false,
    );
  } catch (error) {
    go({ name: 'home', error: (error as ApiFailure).text });
  }
}

async function act(action: string): Promise<void> {
  const [verb, arg = ''] = action.split(/:(.*)/s);
  const v = view;
  switch (verb) {
    case 'home':
      history.replaceState(null, '', '/book');
      return go({ name: 'home', error: null });
    case 'new':
      return go({ name: 'services' });
    case 'service':
      return loadSlots(arg, firstOpenDay(), null);
    case 'day':
      if (v.name === 'slots') return loadSlots(v.serviceId, arg, v.moving);
      return;
    case 'slot':
      if (v.name !== 'slots') return;
      if (v.moving) {
        try {
          const moved = await call<BookingView>(
            'POST',
            `/api/bookings/${encodeURIComponent(v.moving.code)}/move`,
            { day: v.day, slot: arg },
          );
          return showBooking(moved, false);
        } catch (error) {
          return go({ ...v, error: (error as ApiFailure).text });
        }
      }
      return go({
        name: 'details',
        serviceId: v.serviceId,
        day: v.day,
        slot: arg,
        error: null,
        busy: false,
      });
    case 'back-to-slots':
      if (v.name === 'details') return loadSlots(v.serviceId, v.day, null);
      return;
    case 'show-booking':
      if (v.name === 'slots' && v.moving) return lookup(v.moving.code);
      return;
    case 'move':
      if (v.name === 'booking') return loadSlots(v.booking.serviceId, v.booking.day, v.booking);
      return;
    case 'cancel':
      if (v.name === 'booking') go({ ...v, confirmCancel: true });
      return;
    case 'cancel-no':
      if (v.name === 'booking') go({ ...v, confirmCancel: false });
      return;
    case 'cancel-yes':
      if (v.name !== 'booking') return;
      try {
        const cancelled = await call<BookingView>(
          'POST',
          `/api/bookings/${encodeURIComponent(v.booking.code)}/cancel`,
        );
        return showBooking(cancelled, false);
      } catch (error) {
        return go({ ...v, confirmCancel: false, error: (error as ApiFailure).text });
      }
  }
}

app.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest<HTMLElement>('[data-action]');
  if (target && !(target as HTMLButtonElement).disabled) void act(target.dataset.action ?? '');
});

app.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  if (form.dataset.form === 'lookup') {
    const code = String(data.get('code') ?? '').trim();
    if (code) void lookup(code);
    return;
  }
  const v = view;
  if (form.dataset.form === 'book' && v.name === 'details' && !v.busy) {
    const body = {
      serviceId: v.serviceId,
      day: v.day,
      slot: v.slot,
      idNumber: String(data.get('idNumber') ?? '')
        .trim()
        .toUpperCase(),
      phone: String(data.get('phone') ?? '').trim(),
    };
    view = { ...v, busy: true };
    void call<BookingView>('POST', '/api/bookings', body)
      .then((b) => showBooking(b, true))
      .catch((error: ApiFailure) => {
        // What was typed stays: only the message is added.
        view = { ...v, busy: false, error: error.text };
        const keep = { idNumber: body.idNumber, phone: body.phone };
        render();
        (document.getElementById('idNumber') as HTMLInputElement).value = keep.idNumber;
        (document.getElementById('phone') as HTMLInputElement).value = keep.phone;
      });
  }
});

async function start(): Promise<void> {
  try {
    options = await call<BookingOptions>('GET', '/api/bookings/options');
  } catch (error) {
    app.innerHTML = `<main><p class="error">${both((error as ApiFailure).text)}</p></main>`;
    return;
  }
  const code = new URLSearchParams(location.search).get('code');
  if (code) return lookup(code);
  go({ name: 'home', error: null });
}

void start();
