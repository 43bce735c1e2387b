import './style.css';
import './bundles.css';
import QRCode from 'qrcode';
import { connectLiveHall } from '../../../shared/src/client/live-hall';
import type { IssuedTicket, TicketView } from '../../../shared/src/protocol/http';
import type {
  CheckInRequest,
  CollectRequest,
  DeviceStatus,
  KioskBridge,
  KioskInfo,
} from '../bridge/types';
import type { SlipData } from '../hardware/printer/slip';
import { classifyScan } from '../hardware/scanner/codes';
import { WedgeScanner } from '../hardware/scanner/wedge';
import { checkInNote, checkInOf, checkInRefusal } from './appointments';
import { collectRefusal } from './collect';
import { bundleGuidance, chosenSteps, slipStepNames, stepChoiceSpoken } from './bundles';
import { mountDemoPanel } from './demo-panel';
import { RETRY_DELAYS_MS, issueWithRetry, newRequestId } from './issue';
import { createBrowserBridge } from './sim-bridge';
import { speak, stopSpeaking } from './speech';
import { BUNDLE_TEXT, PRIORITY_TEXT, TEXT, fill, spokenNumber, type Text } from './texts';
import { areaWaiting, page, type KioskHall, type Screen, type ViewModel } from './views';

/**
 * The kiosk screen (自助取号机): area → service (with live waiting counts and estimates) →
 * the materials list (一次性告知) → confirm → the slip, printed and shown. An ID card read
 * at any time greets the citizen (masked name) and goes with the request, so the server
 * gives the elderly priority and refuses a second ticket for the same service. A ticket is
 * printed only when the server answered 201/200 with it.
 */

const params = new URLSearchParams(location.search);
const seconds = (name: string, fallback: number) => {
  const value = Number(params.get(name));
  return Number.isFinite(value) && value > 0 ? value * 1000 : fallback;
};
/** Back to the start after this long without a touch. */
const IDLE_MS = seconds('idle', 60_000);
/** The slip screen goes sooner: the citizen has their ticket. */
const SLIP_MS = Math.min(IDLE_MS, seconds('slipIdle', 30_000));
/** A connection lost for this long pauses ticketing (short blips do not). */
const PAUSE_AFTER_MS = seconds('pauseAfter', 2500);
/** The first pause before a retry of an issue request; each next one doubles. */
const RETRY_MS = Number(params.get('retryMs')) || RETRY_DELAYS_MS[0]!;

const app = document.getElementById('app') as HTMLElement;

const model: ViewModel = {
  hall: null,
  live: null,
  screen: { name: 'loading' },
  card: null,
  device: { printer: 'ok', paperNearEnd: false, reader: 'absent', scanner: 'absent' },
  elderly: false,
  paused: false,
  clock: '',
  notice: null,
  simulated: false,
};
let bridge: KioskBridge;
let info: KioskInfo;
let lastTouch = Date.now();
let offlineSince: number | null = null;
let noticeTimer: ReturnType<typeof setTimeout> | null = null;

function clockText(): string {
  return new Date().toLocaleString('zh-CN', {
    timeZone: model.hall?.timeZone ?? 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

function render(): void {
  model.clock = clockText();
  document.documentElement.classList.toggle('elderly', model.elderly);
  document.body.classList.toggle('elderly', model.elderly);
  document.body.dataset.kioskScreen = model.paused ? 'paused' : model.screen.name;
  app.innerHTML = page(model);
}

/** The step's sentence, read out in elderly mode. */
function guidance(): string {
  const s = model.screen;
  if (model.paused && s.name !== 'slip') return TEXT.paused.zh;
  switch (s.name) {
    case 'home':
      return model.card
        ? `${fill(TEXT.greeting, { name: model.card.maskedName }).zh}${TEXT.greetingHint.zh}`
        : `${TEXT.cardPrompt.zh}，${TEXT.cardOptional.zh}`;
    case 'services':
      return TEXT.chooseService.zh;
    case 'materials': {
      const service = model.hall?.services.find((x) => x.id === s.serviceId);
      const list = service?.materials.join('，') ?? '';
      return `${service?.name ?? ''}。${list ? `${TEXT.materialsTitle.zh}：${list}。` : ''}确认后请按“${TEXT.confirm.zh}”`;
    }
    case 'issuing':
      return TEXT.issuing.zh;
    case 'slip': {
      const t = s.ticket;
      const priority = t.priority ? `，${PRIORITY_TEXT[t.priority].zh}` : '';
      return `您的号码是 ${spokenNumber(t.number)}${priority}，前面等候 ${t.ahead} 人，预计等待约 ${t.estimatedWaitMinutes} 分钟。`;
    }
    case 'refused':
      return `${s.message.zh}${s.heldNumber ? `，您的号码是 ${spokenNumber(s.heldNumber)}` : ''}`;
    case 'unreachable':
      return TEXT.paused.zh;
    case 'appointment':
      return TEXT.appointmentHowTo.zh;
    case 'collect':
      return TEXT.collectHowTo.zh;
    case 'bundles':
      return BUNDLE_TEXT.choose.zh;
    case 'bundle': {
      const bundle = model.hall?.bundles?.find((b) => b.id === s.bundleId);
      return bundle ? bundleGuidance(bundle, model.hall?.services ?? [], s.skipped) : '';
    }
    default:
      return '';
  }
}

function go(screen: Screen): void {
  model.screen = screen;
  render();
  if (model.elderly) speak(guidance());
}

/** Updates the live figures in place: a tap in progress is not lost to a re-render. */
function patchLive(): void {
  for (const el of app.querySelectorAll<HTMLElement>('[data-live]')) {
    const kind = el.dataset.live;
    const serviceId = el.dataset.service ?? '';
    const view = model.live?.find((s) => s.id === serviceId);
    if (kind === 'waiting') el.textContent = fill(TEXT.waiting, { n: view?.waiting ?? 0 }).zh;
    if (kind === 'minutes')
      el.textContent = fill(TEXT.waitAbout, { n: view?.estimatedWaitMinutes ?? 0 }).zh;
    if (kind === 'area-waiting')
      el.textContent = fill(TEXT.waiting, { n: areaWaiting(model, el.dataset.area ?? '') }).zh;
    if (kind === 'clock') el.textContent = clockText();
  }
}

function showNotice(text: Text, ms = 6000): void {
  model.notice = text;
  render();
  if (model.elderly) speak(text.zh);
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    model.notice = null;
    render();
  }, ms);
}

/** Back to the start for the next citizen: card forgotten, normal text. */
function reset(): void {
  model.card = null;
  model.notice = null;
  model.elderly = false;
  stopSpeaking();
  void bridge.forgetCard();
  go({ name: 'home' });
}

function setPaused(paused: boolean): void {
  if (model.paused === paused) return;
  model.paused = paused;
  render();
  if (model.elderly && paused) speak(TEXT.paused.zh);
}

// ---- taking a ticket ----------------------------------------------------------------

function slipData(ticket: IssuedTicket, collection = false): SlipData {
  const base = info.statusBaseUrl ?? location.origin;
  return {
    hallName: model.hall?.name ?? '',
    number: ticket.number,
    serviceName: ticket.bundle
      ? `${ticket.bundle.name}：${ticket.serviceName}`
      : collection
        ? `${TEXT.collectTitle.zh}：${ticket.serviceName}`
        : ticket.serviceName,
    issuedAt: ticket.issuedAt,
    timeZone: model.hall?.timeZone ?? 'Asia/Shanghai',
    ahead: ticket.ahead,
    estimatedWaitMinutes: ticket.estimatedWaitMinutes,
    windowNumbers: ticket.windowNumbers,
    materials: ticket.materials,
    steps: slipStepNames(ticket),
    statusUrl: new URL(ticket.statusPath, base).toString(),
    priorityLabel: ticket.priority ? PRIORITY_TEXT[ticket.priority].zh : null,
  };
}

let issuing = false;

/** bundleSteps: for a bundle, the optional steps the citizen wants (the rest are skipped). */
async function confirm(serviceId: string, bundleSteps?: string[]): Promise<void> {
  if (issuing || model.paused) return;
  issuing = true;
  try {
    const request = {
      serviceId,
      channel: 'kiosk' as const,
      requestId: newRequestId(),
      withCard: model.card !== null,
      ...(bundleSteps ? { bundleSteps } : {}),
    };
    go({ name: 'issuing', serviceId, retry: 0 });
    const outcome = await issueWithRetry((r) => bridge.issue(r), request, {
      delaysMs: RETRY_DELAYS_MS.map((_, i) => RETRY_MS * 2 ** i),
      onRetry: (retry) => {
        if (model.screen.name === 'issuing') go({ name: 'issuing', serviceId, retry });
      },
    });
    lastTouch = Date.now();
    if (outcome.kind === 'issued') {
      await showSlip(outcome.ticket);
    } else if (outcome.kind === 'refused') {
      if (outcome.error.code === 'UNAUTHENTICATED') return go({ name: 'not-enrolled' });
      const held =
        outcome.error.code === 'ALREADY_HAS_TICKET'
          ? ((outcome.error.details as { number?: string } | undefined)?.number ?? null)
          : null;
      go({
        name: 'refused',
        title: TEXT.refusedTitle,
        message: { zh: outcome.error.messageZh, en: outcome.error.messageEn },
        heldNumber: held,
      });
    } else if (outcome.kind === 'no-card') {
      model.card = null;
      go({
        name: 'refused',
        title: TEXT.refusedTitle,
        message: TEXT.reinsertCard,
        heldNumber: null,
      });
    } else {
      go({ name: 'unreachable' });
    }
  } finally {
    issuing = false;
  }
}

/** The slip on screen, then printed: the server has committed this very number. */
async function showSlip(ticket: IssuedTicket, collection = false): Promise<void> {
  const data = slipData(ticket, collection);
  const qrSvg = await QRCode.toString(data.statusUrl, {
    type: 'svg',
    margin: 1,
    errorCorrectionLevel: 'M',
  }).catch(() => null);
  const checkIn = checkInOf(ticket);
  const note = checkIn
    ? { text: checkInNote(checkIn), late: checkIn.late }
    : collection
      ? { text: TEXT.collectNote, late: false }
      : null;
  go({
    name: 'slip',
    ticket,
    print: 'printing',
    qrSvg,
    note,
    ...(collection ? { serviceLabel: data.serviceName } : {}),
  });
  // A late check-in is said aloud too, whatever the mode: it changes what the citizen expects.
  if (checkIn?.late && !model.elderly) speak(TEXT.checkInLate.zh);
  const printed = await bridge.print(data);
  const screen = model.screen;
  if (screen.name === 'slip' && screen.ticket.id === ticket.id) {
    model.screen = {
      ...screen,
      print: printed.ok ? 'printed' : printed.state === 'ok' ? 'error' : printed.state,
    };
    render();
    if (model.elderly && !printed.ok) speak(TEXT.notPrinted.zh);
  }
}

/** 预约签到 by the scanned code or the card that was read (see appointments.ts). */
async function checkInBooking(request: CheckInRequest): Promise<void> {
  if (issuing || model.paused) return;
  issuing = true;
  try {
    go({ name: 'issuing', serviceId: '', retry: 0 });
    const outcome = await issueWithRetry((r: CheckInRequest) => bridge.checkIn(r), request, {
      delaysMs: RETRY_DELAYS_MS.map((_, i) => RETRY_MS * 2 ** i),
      onRetry: (retry) => {
        if (model.screen.name === 'issuing') go({ name: 'issuing', serviceId: '', retry });
      },
    });
    lastTouch = Date.now();
    if (outcome.kind === 'issued') await showSlip(outcome.ticket);
    else if (outcome.kind === 'refused') {
      if (outcome.error.code === 'UNAUTHENTICATED') return go({ name: 'not-enrolled' });
      const held =
        outcome.error.code === 'ALREADY_HAS_TICKET'
          ? ((outcome.error.details as { number?: string } | undefined)?.number ?? null)
          : null;
      go({
        name: 'refused',
        title: TEXT.appointmentTitle,
        message: checkInRefusal(outcome.error),
        heldNumber: held,
      });
    } else if (outcome.kind === 'no-card') {
      model.card = null;
      go({
        name: 'refused',
        title: TEXT.appointmentTitle,
        message: TEXT.reinsertCard,
        heldNumber: null,
      });
    } else go({ name: 'unreachable' });
  } finally {
    issuing = false;
  }
}

/** 领取出件号 for the ticket whose slip QR code was scanned on the 取件 screen (collect.ts). */
async function collectFor(ticketId: string): Promise<void> {
  if (issuing || model.paused) return;
  issuing = true;
  try {
    const text = TEXT.collecting;
    go({ name: 'issuing', serviceId: '', retry: 0, text });
    // Safe to retry: the server issues one collection ticket per ticket, a repeat gets it back.
    const outcome = await issueWithRetry(
      (r: CollectRequest) => bridge.collect(r),
      { ticketId },
      {
        delaysMs: RETRY_DELAYS_MS.map((_, i) => RETRY_MS * 2 ** i),
        onRetry: (retry) => {
          if (model.screen.name === 'issuing') go({ name: 'issuing', serviceId: '', retry, text });
        },
      },
    );
    lastTouch = Date.now();
    if (outcome.kind === 'issued') await showSlip(outcome.ticket, true);
    else if (outcome.kind === 'refused') {
      if (outcome.error.code === 'UNAUTHENTICATED') return go({ name: 'not-enrolled' });
      go({
        name: 'refused',
        title: TEXT.collectTitle,
        message: collectRefusal(outcome.error),
        heldNumber: null,
      });
    } else go({ name: 'unreachable' });
  } finally {
    issuing = false;
  }
}

async function showTicket(ticketId: string): Promise<void> {
  try {
    const res = await fetch(`/api/tickets/${encodeURIComponent(ticketId)}`);
    go({ name: 'ticket-status', ticket: res.ok ? ((await res.json()) as TicketView) : null });
  } catch {
    setPaused(true);
  }
}

async function scanned(code: string): Promise<void> {
  lastTouch = Date.now();
  if (model.screen.name === 'issuing') return;
  const meaning = classifyScan(code);
  // On the 取件 screen a slip's code asks for its collection ticket; elsewhere it shows progress.
  if (meaning.kind === 'ticket' && model.screen.name === 'collect')
    return collectFor(meaning.ticketId);
  if (meaning.kind === 'ticket') return showTicket(meaning.ticketId);
  if (meaning.kind === 'appointment')
    return checkInBooking({ code: meaning.code, withCard: false });
  showNotice(TEXT.unknownCode);
}

// ---- touches ------------------------------------------------------------------------

function act(action: string): void {
  const [verb, id = ''] = action.split(/:(.*)/s);
  switch (verb) {
    case 'elderly':
      model.elderly = !model.elderly;
      render();
      if (model.elderly) speak(`已开启长者模式。${guidance()}`);
      else stopSpeaking();
      return;
    case 'area': {
      const services = model.hall?.services.filter((s) => s.areaId === id) ?? [];
      // Two levels at most: an area with one service goes straight to it.
      if (services.length === 1 && services[0])
        return go({ name: 'materials', serviceId: services[0].id });
      return go({ name: 'services', areaId: id });
    }
    case 'service':
      return go({ name: 'materials', serviceId: id });
    case 'confirm':
      if (model.screen.name === 'materials') void confirm(model.screen.serviceId);
      // 一件事一次办: one ticket for the bundle (its id is issued like a service's).
      if (model.screen.name === 'bundle') {
        const { bundleId, skipped } = model.screen;
        const bundle = model.hall?.bundles?.find((b) => b.id === bundleId);
        if (bundle) void confirm(bundleId, chosenSteps(bundle, skipped));
      }
      return;
    case 'bundles':
      return go({ name: 'bundles' });
    case 'bundle':
      return go({ name: 'bundle', bundleId: id, skipped: [] });
    case 'back': {
      const s = model.screen;
      if (s.name === 'materials') {
        const service = model.hall?.services.find((x) => x.id === s.serviceId);
        const siblings = model.hall?.services.filter((x) => x.areaId === service?.areaId) ?? [];
        return siblings.length > 1 && service
          ? go({ name: 'services', areaId: service.areaId })
          : go({ name: 'home' });
      }
      if (s.name === 'bundle') return go({ name: 'bundles' });
      return go({ name: 'home' });
    }
    case 'appointment':
      return go({ name: 'appointment' });
    case 'collect':
      return go({ name: 'collect' });
    case 'check-in-card':
      if (model.card) void checkInBooking({ code: null, withCard: true });
      return;
    case 'forget-card':
      model.card = null;
      void bridge.forgetCard();
      return go({ name: 'home' });
    case 'home':
    case 'done':
      return reset();
  }
}

app.addEventListener('click', (event) => {
  lastTouch = Date.now();
  const target = (event.target as HTMLElement).closest<HTMLElement>('[data-action]');
  if (target && !(target as HTMLButtonElement).disabled) act(target.dataset.action ?? '');
});
/** 一件事一次办: an optional step's checkbox switched (needed / not needed). */
function toggleStep(serviceId: string, wanted: boolean): void {
  const s = model.screen;
  if (s.name !== 'bundle') return;
  const bundle = model.hall?.bundles?.find((b) => b.id === s.bundleId);
  if (!bundle?.steps.some((x) => x.serviceId === serviceId && x.optional)) return;
  const skipped = s.skipped.filter((id) => id !== serviceId);
  if (!wanted) skipped.push(serviceId);
  model.screen = { ...s, skipped };
  render();
  // The page is drawn anew: the focus stays on the same step for keyboard and switch users.
  app.querySelector<HTMLInputElement>(`[data-step-toggle="${CSS.escape(serviceId)}"]`)?.focus();
  if (model.elderly)
    speak(stepChoiceSpoken(bundle, model.hall?.services ?? [], serviceId, skipped));
}

app.addEventListener('change', (event) => {
  lastTouch = Date.now();
  const input = event.target as HTMLInputElement;
  const serviceId = input.dataset.stepToggle;
  if (serviceId) toggleStep(serviceId, input.checked);
});
for (const name of ['pointerdown', 'touchstart', 'keydown'] as const) {
  window.addEventListener(name, () => (lastTouch = Date.now()), { passive: true });
}
// No text selection, no context menu, no pinch zoom on a kiosk.
window.addEventListener('contextmenu', (e) => e.preventDefault());

/** Keyboard-wedge scanners type their code: a fast burst ended by Enter. */
const wedge = new WedgeScanner();
window.addEventListener('keydown', (event) => {
  const code = wedge.key(event.key, event.timeStamp);
  if (wedge.collecting || code !== null) event.preventDefault();
  if (code !== null) void scanned(code);
});

// ---- start --------------------------------------------------------------------------

async function loadHall(): Promise<void> {
  for (;;) {
    try {
      const res = await fetch('/api/hall/config');
      if (res.ok) {
        model.hall = (await res.json()) as KioskHall;
        return;
      }
    } catch {
      // the server is not there yet
    }
    setPaused(true);
    await new Promise((r) => setTimeout(r, 3000));
  }
}

function onDevice(status: DeviceStatus): void {
  const before = model.device;
  model.device = status;
  if (
    before.printer !== status.printer ||
    before.reader !== status.reader ||
    before.paperNearEnd !== status.paperNearEnd
  ) {
    render();
  }
}

async function start(): Promise<void> {
  if (window.hallqKiosk) bridge = window.hallqKiosk;
  else {
    const browser = await createBrowserBridge();
    bridge = browser.bridge;
    model.simulated = true;
    if (params.get('panel') !== '0') mountDemoPanel(browser.controls);
  }
  info = await bridge.info();
  bridge.onStatus(onDevice);
  bridge.onCard((card) => {
    lastTouch = Date.now();
    model.card = card;
    const s = model.screen.name;
    // On the check-in screen the card's 预约签到 button appears: stay there.
    if (s === 'refused' || s === 'ticket-status' || s === 'unreachable') go({ name: 'home' });
    else if (s === 'home') go({ name: 'home' });
    else render();
    if (model.elderly && s !== 'home')
      speak(`${fill(TEXT.greeting, { name: card.maskedName }).zh}${TEXT.greetingHint.zh}`);
  });
  bridge.onScan((code) => void scanned(code));
  model.device = await bridge.status();
  await loadHall();
  connectLiveHall({
    onChange: (mirror) => {
      model.live = mirror.snapshot.services;
      patchLive();
    },
    onStatus: (status) => {
      if (status === 'live') {
        offlineSince = null;
        setPaused(false);
      } else if (status === 'offline' && offlineSince === null) offlineSince = Date.now();
    },
  });
  setPaused(false);
  go(info.enrolled ? { name: 'home' } : { name: 'not-enrolled' });

  setInterval(() => {
    const now = Date.now();
    if (offlineSince !== null && now - offlineSince >= PAUSE_AFTER_MS) setPaused(true);
    const s = model.screen.name;
    const limit = s === 'slip' ? SLIP_MS : IDLE_MS;
    const away = now - lastTouch >= limit;
    if (away && !issuing && s !== 'not-enrolled' && (s !== 'home' || model.card || model.elderly))
      reset();
    patchLive();
  }, 500);
}

void start();
