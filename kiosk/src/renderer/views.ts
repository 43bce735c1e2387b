import type { HallSnapshot, IssuedTicket, TicketView } from '../../../shared/src/protocol/http';
import type { CardHolderView, DeviceStatus } from '../bridge/types';
import { windowRange } from '../hardware/printer/slip';
import type { BundleOfferView } from '../../../shared/src/protocol/bundle-views';
import { bundleDetail, bundleEntry, bundleList, bundleSlipSteps } from './bundles';
import { both, escape } from './html';
import { BUNDLE_TEXT, PRIORITY_TEXT, STATUS_TEXT, TEXT, fill, type Text } from './texts';

/** The hall as the kiosk shows it: GET /api/hall/config. */
export interface KioskHall {
  id: string;
  name: string;
  timeZone: string;
  areas: { id: string; name: string; floor?: number }[];
  services: { id: string; name: string; areaId: string; prefix: string; materials: string[] }[];
  /** 一件事一次办 (bundles.ts). */
  bundles?: BundleOfferView[];
}

export type PrintState = 'printing' | 'printed' | 'paper-out' | 'cover-open' | 'offline' | 'error';

export type Screen =
  | { name: 'loading' }
  | { name: 'home' }
  | { name: 'services'; areaId: string }
  | { name: 'materials'; serviceId: string }
  /** text: what is being done, when not taking a ticket (check-in, collection). */
  | { name: 'issuing'; serviceId: string; retry: number; text?: Text }
  | {
      name: 'slip';
      ticket: IssuedTicket;
      print: PrintState;
      qrSvg: string | null;
      /** After a 预约签到: checked in, or too late (an ordinary ticket), said plainly. */
      note?: { text: Text; late: boolean } | null;
      /** In place of the service's name (a collection ticket: 领取办结材料：…, as printed). */
      serviceLabel?: string;
    }
  | { name: 'refused'; title: Text; message: Text; heldNumber: string | null }
  | { name: 'unreachable' }
  | { name: 'ticket-status'; ticket: TicketView | null }
  | { name: 'appointment' }
  /** 领取出件号: waiting for the slip's QR code. */
  | { name: 'collect' }
  | { name: 'bundles' }
  /** skipped: the optional steps the citizen switched off (none at first: all wanted). */
  | { name: 'bundle'; bundleId: string; skipped: string[] }
  | { name: 'not-enrolled' };

export interface ViewModel {
  hall: KioskHall | null;
  live: HallSnapshot['services'] | null;
  screen: Screen;
  card: CardHolderView | null;
  device: DeviceStatus;
  elderly: boolean;
  paused: boolean;
  clock: string;
  notice: Text | null;
  simulated: boolean;
}

function button(action: string, label: Text, kind = 'secondary', attrs = ''): string {
  return `<button type="button" class="btn ${kind}" data-action="${escape(action)}" ${attrs}>${both(label)}</button>`;
}

function waitingOf(model: ViewModel, serviceId: string): { waiting: number; minutes: number } {
  const view = model.live?.find((s) => s.id === serviceId);
  return { waiting: view?.waiting ?? 0, minutes: view?.estimatedWaitMinutes ?? 0 };
}

/** Live figures: spans the page patches in place when the queues move. */
function serviceFigures(model: ViewModel, serviceId: string): string {
  const { waiting, minutes } = waitingOf(model, serviceId);
  const w = fill(TEXT.waiting, { n: waiting });
  const m = fill(TEXT.waitAbout, { n: minutes });
  return `<span class="figures"><span class="figure" data-live="waiting" data-service="${escape(serviceId)}">${escape(w.zh)}</span><span class="figure" data-live="minutes" data-service="${escape(serviceId)}">${escape(m.zh)}</span></span>`;
}

export function areaWaiting(model: ViewModel, areaId: string): number {
  const services = model.hall?.services.filter((s) => s.areaId === areaId) ?? [];
  return services.reduce((n, s) => n + waitingOf(model, s.id).waiting, 0);
}

function header(model: ViewModel): string {
  return `<header class="top">
    <div class="hall"><span class="hall-name">${escape(model.hall?.name ?? '')}</span>${both(TEXT.title)}</div>
    <div class="top-right">
      <span class="clock" data-live="clock">${escape(model.clock)}</span>
      ${button('elderly', model.elderly ? TEXT.elderlyOff : TEXT.elderlyOn, 'elderly-toggle', `aria-pressed="${model.elderly}"`)}
    </div>
  </header>`;
}

function deviceBanner(model: ViewModel): string {
  const printer = model.device.printer;
  const text =
    printer === 'paper-out'
      ? TEXT.paperOut
      : printer === 'cover-open'
        ? TEXT.coverOpen
        : printer === 'offline' || printer === 'error'
          ? TEXT.printerOffline
          : null;
  const notice = model.notice
    ? `<div class="banner info" role="status" data-testid="notice"><b class="icon" aria-hidden="true">i</b><div>${both(model.notice)}</div></div>`
    : '';
  return `${
    text
      ? `<div class="banner warn" role="alert" data-testid="printer-banner"><b class="icon" aria-hidden="true">!</b><div>${both(text)}</div></div>`
      : ''
  }${notice}`;
}

function cardPanel(model: ViewModel): string {
  if (model.card) {
    return `<aside class="card-panel greeted" data-testid="greeting">
      <div class="greet">${both(fill(TEXT.greeting, { name: model.card.maskedName }))}</div>
      <p>${both(TEXT.greetingHint)}</p>
      ${button('check-in-card', TEXT.checkIn, 'primary check-in')}
      ${button('forget-card', TEXT.notMe)}
    </aside>`;
  }
  const offline = model.device.reader === 'offline';
  return `<aside class="card-panel" data-testid="card-panel">
    <div class="card-art" aria-hidden="true"><div class="chip"></div><div class="lines"><i></i><i></i><i></i></div></div>
    <div class="card-text">
      ${
        offline
          ? `<p class="reader-offline" data-testid="reader-offline"><b class="icon" aria-hidden="true">!</b>${both(TEXT.readerOffline)}</p>`
          : `<p class="prompt">${both(TEXT.cardPrompt)}</p><p class="why">${both(TEXT.cardWhy)}</p>`
      }
      <p class="optional">${both(TEXT.cardOptional)}</p>
    </div>
  </aside>`;
}

function home(model: ViewModel): string {
  const areas = model.hall?.areas ?? [];
  const tiles = areas
    .map((area) => {
      const count = model.hall?.services.filter((s) => s.areaId === area.id).length ?? 0;
      const waiting = areaWaiting(model, area.id);
      return `<button type="button" class="tile area" data-action="area:${escape(area.id)}">
        <span class="tile-name">${escape(area.name)}</span>
        <span class="figures"><span class="figure count">${escape(fill(TEXT.services, { n: count }).zh)}</span><span class="figure" data-live="area-waiting" data-area="${escape(area.id)}">${escape(fill(TEXT.waiting, { n: waiting }).zh)}</span></span>
      </button>`;
    })
    .join('');
  return `<section class="screen home" data-screen="home">
    ${cardPanel(model)}
    <div class="choices">
      <h1>${both(TEXT.chooseArea)}</h1>
      <div class="tiles areas">${tiles}</div>
      <div class="actions">${bundleEntry(model.hall?.bundles)}${button('appointment', TEXT.appointmentTitle, 'secondary appointment')}${button('collect', TEXT.collectEntry, 'secondary collect-entry', 'data-testid="collect-entry"')}</div>
    </div>
  </section>`;
}

function services(model: ViewModel, areaId: string): string {
  const area = model.hall?.areas.find((a) => a.id === areaId);
  const list = model.hall?.services.filter((s) => s.areaId === areaId) ?? [];
  const tiles = list
    .map(
      (
        service,
      ) => `<button type="button" class="tile service" data-action="service:${escape(service.id)}">
        <span class="tile-name">${escape(service.name)}</span>
        ${serviceFigures(model, service.id)}
      </button>`,
    )
    .join('');
  return `<section class="screen services" data-screen="services">
    <div class="crumbs">${escape(area?.name ?? '')}</div>
    <h1>${both(TEXT.chooseService)}</h1>
    <div class="tiles services-list">${tiles}</div>
    <div class="actions">${button('back', TEXT.back)}</div>
  </section>`;
}

function materials(model: ViewModel, serviceId: string): string {
  const service = model.hall?.services.find((s) => s.id === serviceId);
  const items = service?.materials ?? [];
  const list = items.length
    ? `<ol class="materials" data-testid="materials">${items.map((m) => `<li>${escape(m)}</li>`).join('')}</ol>`
    : `<p class="materials none">${both(TEXT.noMaterials)}</p>`;
  const card = model.card
    ? `<p class="with-card">${both(fill(TEXT.withCard, { name: model.card.maskedName }))}</p>`
    : '';
  return `<section class="screen materials-screen" data-screen="materials">
    <div class="service-head"><h1 class="service-name">${escape(service?.name ?? '')}</h1>${serviceFigures(model, serviceId)}</div>
    <h2>${both(TEXT.materialsTitle)}</h2>
    ${list}
    ${card}
    <div class="actions">${button('back', TEXT.back)}${button('confirm', TEXT.confirm, 'primary', model.paused ? 'disabled' : '')}</div>
  </section>`;
}

function issuing(screen: Extract<Screen, { name: 'issuing' }>): string {
  // A check-in has no service of its own: serviceId ''.
  const text =
    screen.retry > 0
      ? fill(TEXT.retrying, { n: screen.retry })
      : (screen.text ?? (screen.serviceId ? TEXT.issuing : TEXT.checkingIn));
  return `<section class="screen issuing" data-screen="issuing">
    <div class="spinner" aria-hidden="true"></div>
    <p class="big" data-testid="issuing">${both(text)}</p>
  </section>`;
}

function slip(model: ViewModel, screen: Extract<Screen, { name: 'slip' }>): string {
  const t = screen.ticket;
  const priority = t.priority ? PRIORITY_TEXT[t.priority] : null;
  const printText =
    screen.print === 'printing'
      ? TEXT.printing
      : screen.print === 'printed'
        ? TEXT.printed
        : TEXT.notPrinted;
  const figure = (label: Text, value: string, unit: Text, testid: string) =>
    `<div class="fig"><span class="fig-label">${both(label)}</span><b data-testid="${testid}">${escape(value)}</b><span class="fig-unit">${escape(unit.zh)}</span></div>`;
  return `<section class="screen slip-screen" data-screen="slip">
    <div class="slip-main">
      <p class="label">${both(TEXT.yourNumber)}</p>
      <p class="number" data-testid="number">${escape(t.number)}</p>
      <p class="service-name" data-testid="service-name">${escape(screen.serviceLabel ?? t.serviceName)}</p>
      ${bundleSlipSteps(t)}
      ${screen.note ? `<p class="check-in-note${screen.note.late ? ' late' : ''}" data-testid="check-in-note" role="status">${both(screen.note.text)}</p>` : ''}
      ${priority ? `<p class="priority" data-testid="priority"><b class="icon" aria-hidden="true">★</b>${both(priority)}</p>` : ''}
      <div class="figs">
        ${figure(TEXT.ahead, String(t.ahead), TEXT.people, 'ahead')}
        ${figure(TEXT.estimated, String(t.estimatedWaitMinutes), TEXT.minutes, 'wait')}
      </div>
      ${t.windowNumbers.length ? `<p class="windows">${escape(TEXT.windows.zh)}：<b>${escape(windowRange(t.windowNumbers))}</b></p>` : ''}
      <p class="print-state ${screen.print === 'printing' || screen.print === 'printed' ? '' : 'failed'}" data-testid="print-state" data-state="${screen.print}">${both(printText)}</p>
    </div>
    <div class="slip-side">
      <div class="qr-block"><div class="qr" data-testid="qr">${screen.qrSvg ?? ''}</div>
      <p>${both(TEXT.scanToFollow)}</p></div>
      ${
        t.materials.length
          ? `<div class="slip-materials" tabindex="0"><h2>${both(TEXT.materialsTitle)}</h2><ol>${t.materials.map((m) => `<li>${escape(m)}</li>`).join('')}</ol></div>`
          : ''
      }
    </div>
    <div class="actions">${button('done', TEXT.done, 'primary')}</div>
  </section>`;
}

function refused(screen: Extract<Screen, { name: 'refused' }>): string {
  return `<section class="screen refused" data-screen="refused">
    <p class="big-icon" aria-hidden="true">!</p>
    <h1>${both(screen.title)}</h1>
    <p class="message" data-testid="refusal">${both(screen.message)}</p>
    ${
      screen.heldNumber
        ? `<p class="label">${both(TEXT.heldNumber)}</p><p class="number held" data-testid="held-number">${escape(screen.heldNumber)}</p><p>${both(TEXT.heldHint)}</p>`
        : `<p>${both(TEXT.deskHint)}</p>`
    }
    <div class="actions">${button('home', TEXT.home, 'primary')}</div>
  </section>`;
}

function pausedScreen(withButton: boolean): string {
  return `<section class="screen paused" data-screen="paused" data-testid="paused" role="alert">
    <p class="big-icon" aria-hidden="true">!</p>
    <h1>${both(TEXT.paused)}</h1>
    <p class="message">${both(TEXT.pausedWhy)}</p>
    <p class="muted">${both(TEXT.reconnecting)}</p>
    ${withButton ? `<div class="actions">${button('home', TEXT.home, 'primary')}</div>` : ''}
  </section>`;
}

function ticketStatus(screen: Extract<Screen, { name: 'ticket-status' }>): string {
  const t = screen.ticket;
  if (!t)
    return `<section class="screen refused" data-screen="ticket-status"><h1>${both(TEXT.ticketStatus)}</h1><p class="message">${both(TEXT.ticketNotFound)}</p><div class="actions">${button('home', TEXT.home, 'primary')}</div></section>`;
  const status = STATUS_TEXT[t.status] ?? { zh: t.status, en: '' };
  const call =
    t.window && (t.status === 'called' || t.status === 'serving')
      ? `<p class="call">${both(fill(TEXT.goTo, { window: t.window.number }))}</p>`
      : '';
  const figs =
    t.status === 'waiting'
      ? `<div class="figs"><div class="fig"><span class="fig-label">${both(TEXT.ahead)}</span><b>${t.ahead ?? 0}</b><span class="fig-unit">${escape(TEXT.people.zh)}</span></div><div class="fig"><span class="fig-label">${both(TEXT.estimated)}</span><b>${t.estimatedWaitMinutes ?? 0}</b><span class="fig-unit">${escape(TEXT.minutes.zh)}</span></div></div>`
      : '';
  return `<section class="screen ticket-status" data-screen="ticket-status">
    <h1>${both(TEXT.ticketStatus)}</h1>
    <p class="number" data-testid="number">${escape(t.number)}</p>
    <p class="service-name">${escape(t.serviceName)}</p>
    <p class="status-pill" data-testid="ticket-status">${both(status)}</p>
    ${call}${figs}
    <div class="actions">${button('home', TEXT.home, 'primary')}</div>
  </section>`;
}

/** 预约签到: how to check in; with a card read, the button that checks in by it. */
function appointment(model: ViewModel): string {
  return `<section class="screen refused" data-screen="appointment">
    <h1>${both(TEXT.appointmentTitle)}</h1>
    <p class="message" data-testid="appointment">${both(TEXT.appointmentHowTo)}</p>
    <div class="actions">${button('home', TEXT.back)}${model.card ? button('check-in-card', TEXT.checkIn, 'primary', model.paused ? 'disabled' : '') : ''}</div>
  </section>`;
}

/** 领取出件号: hold the slip's QR code to the scanner (collect.ts). */
function collect(): string {
  return `<section class="screen refused" data-screen="collect">
    <h1>${both(TEXT.collectTitle)}</h1>
    <p class="message" data-testid="collect-howto">${both(TEXT.collectHowTo)}</p>
    <p>${both(TEXT.collectWhy)}</p>
    <div class="actions">${button('home', TEXT.back)}</div>
  </section>`;
}

function notEnrolled(): string {
  return `<section class="screen refused" data-screen="not-enrolled">
    <p class="big-icon" aria-hidden="true">!</p>
    <h1>${both(TEXT.notEnrolled)}</h1>
    <p class="message">${both(TEXT.notEnrolledHint)}</p>
  </section>`;
}

function body(model: ViewModel): string {
  const s = model.screen;
  switch (s.name) {
    case 'loading':
      return `<section class="screen issuing"><div class="spinner"></div></section>`;
    case 'home':
      return home(model);
    case 'services':
      return services(model, s.areaId);
    case 'materials':
      return materials(model, s.serviceId);
    case 'issuing':
      return issuing(s);
    case 'slip':
      return slip(model, s);
    case 'refused':
      return refused(s);
    case 'unreachable':
      return pausedScreen(true);
    case 'ticket-status':
      return ticketStatus(s);
    case 'appointment':
      return appointment(model);
    case 'not-enrolled':
      return notEnrolled();
    case 'collect':
      return collect();
    case 'bundles':
      return bundleList(model.hall?.bundles ?? [], button('back', TEXT.back));
    case 'bundle':
      return bundleDetail(
        model.hall?.bundles?.find((b) => b.id === s.bundleId),
        model.hall?.services ?? [],
        s.skipped,
        {
          back: button('back', TEXT.back),
          confirm: button(
            'confirm',
            BUNDLE_TEXT.confirm,
            'primary',
            model.paused ? 'disabled' : '',
          ),
        },
      );
  }
}

/** The whole page for a state. While paused, nothing but the pause notice can be touched. */
export function page(model: ViewModel): string {
  // A ticket already issued stays on screen: only taking a new one is paused.
  const paused =
    model.paused && model.screen.name !== 'slip' && model.screen.name !== 'not-enrolled';
  return `${header(model)}
  ${deviceBanner(model)}
  <main class="content">${paused ? pausedScreen(false) : body(model)}</main>
  <footer class="bottom"><span class="foot">${both(TEXT.deskHint)}</span><span class="sep"></span><span class="foot">${both(TEXT.scanHint)}</span></footer>`;
}
