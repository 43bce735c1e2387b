import type { DomainEvent } from '../domain/events';
import { estimateWaitMinutes, ticketsAhead } from '../domain/estimate';
import type { HallConfig } from '../domain/hall-config';
import type { HallState } from '../domain/hall-state';
import { localTime } from '../domain/local-time';
import { hallOpenState } from '../domain/opening-hours';
import { needsFollowUp, type Ticket } from '../domain/ticket';
import { maskName } from '../pii';
import { bundleTicketMaterials, ticketBundleView, windowsServing } from './bundle-views';
import type { PublicEvent } from './events';
import type {
  CallView,
  HallSnapshot,
  IssuedTicket,
  ServiceQueueView,
  TicketView,
  WindowRef,
  WindowView,
} from './http';

/**
 * Pure projections from the core's state to what the API and the sockets send. The
 * server, the simulator and the clients build the same views from the same state.
 */

const iso = (ms: number): string => new Date(ms).toISOString();

export function windowRef(config: HallConfig, windowId: string | null): WindowRef | null {
  if (!windowId) return null;
  const window = config.windows.find((w) => w.id === windowId);
  return window ? { id: window.id, number: window.number, name: window.name } : null;
}

export function windowView(state: HallState, windowId: string): WindowView {
  const config = state.config.windows.find((w) => w.id === windowId);
  const window = state.window(windowId);
  if (!config || !window) throw new Error(`unknown window ${windowId}`);
  return {
    id: config.id,
    number: config.number,
    name: config.name,
    kind: config.kind,
    areaId: config.areaId,
    services: [...config.services],
    status: state.displayStatus(windowId),
    clerkName: window.clerkName ? maskName(window.clerkName) : null,
    staffNumber: window.clerkName ? (window.staffNumber ?? null) : null,
    pauseReason: window.pauseReason,
    currentTicket: state.currentTicket(windowId)?.number ?? null,
    extended: window.extended,
    extraServices: [...window.extraServiceIds],
  };
}

export function serviceQueueViews(state: HallState): ServiceQueueView[] {
  return state.config.services.map((service) => {
    const waiting = state.waiting(service.id).length;
    return {
      id: service.id,
      name: service.name,
      prefix: service.prefix,
      areaId: service.areaId,
      waiting,
      estimatedWaitMinutes: estimateWaitMinutes(state, service.id, waiting),
    };
  });
}

export function ticketView(state: HallState, ticket: Ticket): TicketView {
  const service = state.config.services.find((s) => s.id === ticket.serviceId);
  const waiting = ticket.status === 'waiting';
  const ahead = waiting ? ticketsAhead(state, ticket) : null;
  return {
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName: service?.name ?? ticket.serviceId,
    status: ticket.status,
    priority: ticket.priority,
    issuedAt: iso(ticket.issuedAt),
    ahead,
    estimatedWaitMinutes:
      ahead === null ? null : estimateWaitMinutes(state, ticket.serviceId, ahead),
    window: windowRef(state.config, ticket.windowId ?? ticket.targetWindowId),
    calledAt: ticket.calledAt === null ? null : iso(ticket.calledAt),
    transfers: ticket.transfers,
    rating: ticket.rating?.level ?? null,
    ...(ticket.bundle ? { bundle: ticketBundleView(state, state.config, ticket) } : {}),
  };
}

export function issuedTicketView(state: HallState, ticket: Ticket): IssuedTicket {
  const view = ticketView(state, ticket);
  const service = state.config.services.find((s) => s.id === ticket.serviceId);
  return {
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName: view.serviceName,
    priority: ticket.priority,
    ahead: view.ahead ?? 0,
    estimatedWaitMinutes: view.estimatedWaitMinutes ?? 0,
    issuedAt: view.issuedAt,
    windowNumbers: state.config.windows
      .filter((w) => w.services.includes(ticket.serviceId))
      .map((w) => w.number),
    materials: bundleTicketMaterials(state.config, ticket) ?? [...(service?.materials ?? [])],
    statusPath: `/t/${ticket.id}`,
    ...(view.bundle ? { bundle: view.bundle } : {}),
  };
}

/**
 * The public form of a stored event, built right after it is applied (the state then
 * holds the numbers and names it needs). Stored beside the event, so a catch-up after a
 * reconnect replays exactly what was pushed live.
 */
export function publicEvent(state: HallState, seq: number, event: DomainEvent): PublicEvent {
  const at = iso(event.at);
  const win = (windowId: string) => {
    const ref = windowRef(state.config, windowId);
    return { windowId, windowNumber: ref?.number ?? 0, windowName: ref?.name ?? windowId };
  };
  const ref = (ticketId: string) => {
    const ticket = state.tickets.get(ticketId);
    return { ticketId, number: ticket?.number ?? '', serviceId: ticket?.serviceId ?? '' };
  };
  switch (event.type) {
    case 'day.started':
      return { seq, at, type: event.type, day: event.day };
    case 'ticket.issued':
      return {
        seq,
        at,
        type: event.type,
        ticketId: event.ticket.id,
        number: event.ticket.number,
        serviceId: event.ticket.serviceId,
        channel: event.ticket.channel,
        priority: event.ticket.priority,
      };
    case 'ticket.called':
    case 'ticket.recalled':
      return { seq, at, type: event.type, ...ref(event.ticketId), ...win(event.windowId) };
    case 'ticket.started':
    case 'ticket.finished':
    case 'ticket.no-show':
      return { seq, at, type: event.type, ...ref(event.ticketId), ...win(event.windowId) };
    case 'ticket.returned':
      return { seq, at, type: event.type, ...ref(event.ticketId) };
    case 'ticket.cancelled':
      return {
        seq,
        at,
        type: event.type,
        ...ref(event.ticketId),
        freedWindowId: event.freedWindowId,
        freedWindowNumber: windowRef(state.config, event.freedWindowId)?.number ?? null,
      };
    case 'ticket.rated':
      return {
        seq,
        at,
        type: event.type,
        ...ref(event.ticketId),
        ...win(event.windowId),
        level: event.level,
        followUp: needsFollowUp(event.level),
      };
    case 'ticket.priority-set':
      return { seq, at, type: event.type, ...ref(event.ticketId), priority: event.priority };
    case 'ticket.transferred':
      return {
        seq,
        at,
        type: event.type,
        ...ref(event.ticketId),
        fromServiceId: event.fromServiceId,
        fromWindowId: event.fromWindowId,
        fromWindowNumber: windowRef(state.config, event.fromWindowId)?.number ?? null,
        toWindowId: event.toWindowId,
        toWindowNumber: windowRef(state.config, event.toWindowId)?.number ?? null,
      };
    case 'ticket.step-finished':
      return {
        seq,
        at,
        type: event.type,
        ...ref(event.ticketId),
        ...win(event.windowId),
        serviceId: event.serviceId,
        nextServiceId: event.nextServiceId,
        nextServiceName:
          state.config.services.find((s) => s.id === event.nextServiceId)?.name ??
          event.nextServiceId,
        nextWindowNumbers: windowsServing(state, state.config, event.nextServiceId),
        stay: event.stay,
      };
    case 'ticket.step-added':
    case 'ticket.step-skipped':
      return {
        seq,
        at,
        type: 'ticket.steps-changed',
        cause: event.type,
        ...ref(event.ticketId),
        stepServiceId: event.serviceId,
      };
    case 'window.opened':
    case 'window.closed':
    case 'window.paused':
    case 'window.resumed':
    case 'window.extended':
    case 'window.services-changed':
      return {
        seq,
        at,
        type: 'window.status',
        cause: event.type,
        window: windowView(state, event.windowId),
      };
  }
}

export function callView(event: PublicEvent): CallView | null {
  if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return null;
  return {
    seq: event.seq,
    at: event.at,
    number: event.number,
    windowId: event.windowId,
    windowNumber: event.windowNumber,
    windowName: event.windowName,
    recall: event.type === 'ticket.recalled',
  };
}

export function hallSnapshot(
  state: HallState,
  meta: { epoch: string; seq: number; now: number; recentCalls: CallView[] },
): HallSnapshot {
  const config = state.config;
  const local = localTime(meta.now, config.timeZone);
  const open = hallOpenState(config.hours, local);
  return {
    epoch: meta.epoch,
    seq: meta.seq,
    hall: { id: config.id, name: config.name, timeZone: config.timeZone },
    day: state.day || local.day,
    phase: open.phase,
    sessions: open.sessions,
    services: serviceQueueViews(state),
    windows: config.windows.map((w) => windowView(state, w.id)),
    recentCalls: meta.recentCalls,
  };
}
