import {
  applyBundleCalled,
  applyBundleStepAdded,
  applyBundleStepDone,
  applyBundleStepSkipped,
  applyBundleTransfer,
  cloneBundle,
} from './bundle';
import type { DomainEvent } from './events';
import type { HallConfig } from './hall-config';
import type { Ticket } from './ticket';

export type WindowStatus = 'closed' | 'open' | 'paused';

export interface WindowState {
  id: string;
  status: WindowStatus;
  clerkId: string | null;
  clerkName: string | null;
  /** 工号; absent in windows stored before staff numbers existed. */
  staffNumber?: string | null;
  pauseReason: string | null;
  /** The ticket called to or served at this window now. */
  currentTicketId: string | null;
  /** 延时办: may go on calling after closing time. */
  extended: boolean;
  /**
   * Services a guide let this window take for now on top of its configured ones
   * ("3号窗口临时受理契税"), served after them. Cleared when the window closes.
   */
  extraServiceIds: string[];
  /** When the status last changed (for idle and pause supervision). */
  since: number;
}

/** What a window shows on boards: its status with the state of its current ticket. */
export type WindowDisplayStatus = 'closed' | 'paused' | 'idle' | 'calling' | 'serving';

/** Smoothed observed service minutes per service: what wait estimates learn from. */
interface ServiceStats {
  meanMinutes: number;
  finished: number;
}

const SMOOTHING = 0.2;

/**
 * Where `ticket` belongs in a queue sorted by (queueKey, issuedAt): before the tickets equal
 * to it in both ('first') or after them ('last'). A binary search: queues can be long.
 */
export function queuePosition(
  list: readonly Ticket[],
  ticket: Ticket,
  ties: 'first' | 'last',
): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = list[mid] as Ticket;
    const before =
      other.queueKey < ticket.queueKey ||
      (other.queueKey === ticket.queueKey &&
        (ties === 'last' ? other.issuedAt <= ticket.issuedAt : other.issuedAt < ticket.issuedAt));
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: Ticket[], ticket: Ticket): void {
  list.splice(queuePosition(list, ticket, 'last'), 0, ticket);
}

function removeFrom(list: Ticket[] | undefined, ticketId: string): void {
  if (!list) return;
  const index = list.findIndex((t) => t.id === ticketId);
  if (index >= 0) list.splice(index, 1);
}

/**
 * The hall's state for one local day: tickets, windows, counters and the waiting queues.
 * Changed only by apply(event); every read the routing and the API need is here.
 */
export class HallState {
  day = '';
  /** Last sequence issued today per prefix. */
  readonly counters = new Map<string, number>();
  readonly tickets = new Map<string, Ticket>();
  readonly windows = new Map<string, WindowState>();
  /** Waiting tickets per service, in queue order (queueKey). */
  private readonly waitingByService = new Map<string, Ticket[]>();
  /** Waiting tickets transferred to one window, in queue order. */
  private readonly waitingByWindow = new Map<string, Ticket[]>();
  private readonly ticketsByPerson = new Map<string, string[]>();
  private readonly ticketsByRequest = new Map<string, string>();
  private readonly stats = new Map<string, ServiceStats>();
  /**
   * Changes whenever a finished ticket may have changed: what wait estimates (estimate.ts)
   * cache their service-time sums on, so issuing a ticket does not rescan the whole day.
   */
  finishedRevision = 0;

  constructor(readonly config: HallConfig) {
    for (const window of config.windows) {
      this.windows.set(window.id, {
        id: window.id,
        status: 'closed',
        clerkId: null,
        clerkName: null,
        staffNumber: null,
        pauseReason: null,
        currentTicketId: null,
        extended: false,
        extraServiceIds: [],
        since: 0,
      });
    }
  }

  // ---- reads ----------------------------------------------------------------------

  waiting(serviceId: string): readonly Ticket[] {
    return this.waitingByService.get(serviceId) ?? [];
  }

  waitingForWindow(windowId: string): readonly Ticket[] {
    return this.waitingByWindow.get(windowId) ?? [];
  }

  ticketOfRequest(requestId: string): Ticket | undefined {
    const id = this.ticketsByRequest.get(requestId);
    return id === undefined ? undefined : this.tickets.get(id);
  }

  ticketsOfPerson(personKey: string): Ticket[] {
    return (this.ticketsByPerson.get(personKey) ?? []).flatMap((id) => this.tickets.get(id) ?? []);
  }

  window(windowId: string): WindowState | undefined {
    return this.windows.get(windowId);
  }

  currentTicket(windowId: string): Ticket | undefined {
    const id = this.windows.get(windowId)?.currentTicketId;
    return id ? this.tickets.get(id) : undefined;
  }

  displayStatus(windowId: string): WindowDisplayStatus {
    const window = this.windows.get(windowId);
    if (!window || window.status === 'closed') return 'closed';
    const current = this.currentTicket(windowId);
    if (current?.status === 'called') return 'calling';
    if (current?.status === 'serving') return 'serving';
    return window.status === 'paused' ? 'paused' : 'idle';
  }

  /** Observed mean service minutes today, or the configured expectation. */
  meanServiceMinutes(serviceId: string): number {
    const observed = this.stats.get(serviceId);
    const expected = this.config.services.find((s) => s.id === serviceId)?.expectedMinutes ?? 10;
    if (!observed || observed.finished === 0) return expected;
    // Blend towards the expectation while few tickets have been seen.
    const weight = Math.min(1, observed.finished / 10);
    return weight * observed.meanMinutes + (1 - weight) * expected;
  }

  // ---- the one way state changes --------------------------------------------------

  apply(event: DomainEvent): void {
    // Only an event other than a (not yet finished) ticket's issue can change a finished one.
    if (event.type !== 'ticket.issued' || event.ticket.status === 'done')
      this.finishedRevision += 1;
    switch (event.type) {
      case 'day.started': {
        for (const id of event.expiredTicketIds) {
          const ticket = this.tickets.get(id);
          if (ticket) ticket.status = 'expired';
        }
        for (const window of this.windows.values()) window.currentTicketId = null;
        this.day = event.day;
        this.counters.clear();
        this.tickets.clear();
        this.waitingByService.clear();
        this.waitingByWindow.clear();
        this.ticketsByPerson.clear();
        this.ticketsByRequest.clear();
        this.stats.clear();
        return;
      }
      case 'ticket.issued': {
        const ticket: Ticket = { ...event.ticket };
        // The state changes its bundle in place: never the event's own copy.
        if (ticket.bundle) ticket.bundle = cloneBundle(ticket.bundle);
        const prefix = ticket.number.replace(/\d+$/, '');
        const sequence = Number(ticket.number.slice(prefix.length));
        this.counters.set(prefix, Math.max(this.counters.get(prefix) ?? 0, sequence));
        this.tickets.set(ticket.id, ticket);
        if (ticket.personKey) {
          const list = this.ticketsByPerson.get(ticket.personKey) ?? [];
          list.push(ticket.id);
          this.ticketsByPerson.set(ticket.personKey, list);
        }
        if (ticket.requestId) this.ticketsByRequest.set(ticket.requestId, ticket.id);
        if (ticket.status === 'waiting') this.enqueue(ticket);
        return;
      }
      case 'ticket.called': {
        const ticket = this.mustTicket(event.ticketId);
        this.dequeue(ticket);
        ticket.status = 'called';
        ticket.windowId = event.windowId;
        ticket.clerkId = this.windows.get(event.windowId)?.clerkId ?? null;
        ticket.calledAt = event.at;
        ticket.calls = 1;
        applyBundleCalled(ticket, event.at);
        this.setCurrent(event.windowId, ticket.id, event.at);
        return;
      }
      case 'ticket.recalled': {
        this.mustTicket(event.ticketId).calls += 1;
        return;
      }
      case 'ticket.started': {
        const ticket = this.mustTicket(event.ticketId);
        ticket.status = 'serving';
        ticket.startedAt = event.at;
        return;
      }
      case 'ticket.finished': {
        const ticket = this.mustTicket(event.ticketId);
        ticket.status = 'done';
        ticket.startedAt ??= ticket.calledAt ?? event.at;
        ticket.finishedAt = event.at;
        this.learnServiceTime(ticket);
        applyBundleStepDone(ticket, event.windowId, event.at);
        this.setCurrent(event.windowId, null, event.at);
        return;
      }
      case 'ticket.step-finished': {
        // 一件事一次办: one step done, the ticket goes on to the next with its place kept.
        const ticket = this.mustTicket(event.ticketId);
        ticket.startedAt ??= ticket.calledAt ?? event.at;
        this.learnServiceTime({ ...ticket, finishedAt: event.at });
        applyBundleStepDone(ticket, event.windowId, event.at);
        ticket.serviceId = event.nextServiceId;
        if (event.stay) {
          ticket.status = 'serving';
          ticket.startedAt = event.at;
          applyBundleCalled(ticket, event.at);
          return;
        }
        ticket.status = 'waiting';
        ticket.windowId = null;
        ticket.targetWindowId = null;
        ticket.calls = 0;
        ticket.calledAt = null;
        ticket.startedAt = null;
        this.setCurrent(event.windowId, null, event.at);
        this.enqueue(ticket);
        return;
      }
      case 'ticket.step-added': {
        const ticket = this.mustTicket(event.ticketId);
        applyBundleStepAdded(ticket, event.serviceId, event.index);
        return;
      }
      case 'ticket.step-skipped': {
        const ticket = this.mustTicket(event.ticketId);
        applyBundleStepSkipped(ticket, event.serviceId);
        return;
      }
      case 'ticket.no-show': {
        const ticket = this.mustTicket(event.ticketId);
        ticket.status = 'no-show';
        ticket.noShowAt = event.at;
        this.setCurrent(event.windowId, null, event.at);
        return;
      }
      case 'ticket.returned': {
        const ticket = this.mustTicket(event.ticketId);
        ticket.status = 'waiting';
        ticket.noShowReturns += 1;
        ticket.queueKey = event.queueKey;
        ticket.windowId = null;
        ticket.calls = 0;
        this.enqueue(ticket);
        return;
      }
      case 'ticket.transferred': {
        const ticket = this.mustTicket(event.ticketId);
        this.dequeue(ticket);
        if (ticket.windowId && this.windows.get(ticket.windowId)?.currentTicketId === ticket.id) {
          this.setCurrent(ticket.windowId, null, event.at);
        }
        ticket.status = 'waiting';
        applyBundleTransfer(ticket, event.toServiceId, event.at);
        ticket.serviceId = event.toServiceId;
        ticket.targetWindowId = event.toWindowId;
        ticket.windowId = null;
        ticket.calls = 0;
        ticket.calledAt = null;
        ticket.startedAt = null;
        ticket.transfers += 1;
        this.enqueue(ticket);
        return;
      }
      case 'ticket.cancelled': {
        const ticket = this.mustTicket(event.ticketId);
        this.dequeue(ticket);
        if (ticket.windowId && this.windows.get(ticket.windowId)?.currentTicketId === ticket.id) {
          this.setCurrent(ticket.windowId, null, event.at);
        }
        ticket.status = 'cancelled';
        ticket.finishedAt = event.at;
        return;
      }
      case 'ticket.priority-set': {
        const ticket = this.mustTicket(event.ticketId);
        this.dequeue(ticket);
        ticket.priority = event.priority;
        ticket.queueKey = event.queueKey;
        this.enqueue(ticket);
        return;
      }
      case 'ticket.rated': {
        const ticket = this.mustTicket(event.ticketId);
        ticket.rating = { level: event.level, reasons: [...event.reasons], at: event.at };
        return;
      }
      case 'window.opened': {
        const window = this.mustWindow(event.windowId);
        window.status = 'open';
        window.clerkId = event.clerkId;
        window.clerkName = event.clerkName;
        window.staffNumber = event.staffNumber ?? null;
        window.pauseReason = null;
        window.since = event.at;
        return;
      }
      case 'window.closed': {
        const window = this.mustWindow(event.windowId);
        window.status = 'closed';
        window.clerkId = null;
        window.clerkName = null;
        window.staffNumber = null;
        window.pauseReason = null;
        window.extended = false;
        window.extraServiceIds = [];
        window.since = event.at;
        return;
      }
      case 'window.paused': {
        const window = this.mustWindow(event.windowId);
        window.status = 'paused';
        window.pauseReason = event.reason;
        window.since = event.at;
        return;
      }
      case 'window.resumed': {
        const window = this.mustWindow(event.windowId);
        window.status = 'open';
        window.pauseReason = null;
        window.since = event.at;
        return;
      }
      case 'window.extended': {
        this.mustWindow(event.windowId).extended = event.on;
        return;
      }
      case 'window.services-changed': {
        this.mustWindow(event.windowId).extraServiceIds = [...event.extraServiceIds];
        return;
      }
    }
  }

  /**
   * Rebuilds the state from stored projections (after a restart): the day's tickets and
   * every window. Counters, queues and indexes follow from the tickets.
   */
  restore(day: string, tickets: readonly Ticket[], windows: readonly WindowState[]): void {
    this.apply({ type: 'day.started', at: 0, day, expiredTicketIds: [] });
    for (const window of windows) {
      if (this.windows.has(window.id)) {
        this.windows.set(window.id, {
          ...window,
          extraServiceIds: [...(window.extraServiceIds ?? [])],
        });
      }
    }
    const byFinish = [...tickets].sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    for (const stored of byFinish) {
      const ticket: Ticket = {
        ...stored,
        clerkId: stored.clerkId ?? null,
        rating: stored.rating ?? null,
      };
      this.apply({ type: 'ticket.issued', at: ticket.issuedAt, ticket });
      if (ticket.status === 'done') this.learnServiceTime(ticket);
    }
  }

  // ---- helpers --------------------------------------------------------------------

  private mustTicket(id: string): Ticket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new Error(`event for unknown ticket ${id}`);
    return ticket;
  }

  private mustWindow(id: string): WindowState {
    const window = this.windows.get(id);
    if (!window) throw new Error(`event for unknown window ${id}`);
    return window;
  }

  private setCurrent(windowId: string, ticketId: string | null, at: number): void {
    const window = this.mustWindow(windowId);
    window.currentTicketId = ticketId;
    window.since = at;
  }

  private enqueue(ticket: Ticket): void {
    const index = ticket.targetWindowId ? this.waitingByWindow : this.waitingByService;
    const key = ticket.targetWindowId ?? ticket.serviceId;
    const list = index.get(key) ?? [];
    insertSorted(list, ticket);
    index.set(key, list);
  }

  private dequeue(ticket: Ticket): void {
    if (ticket.status !== 'waiting') return;
    if (ticket.targetWindowId)
      removeFrom(this.waitingByWindow.get(ticket.targetWindowId), ticket.id);
    else removeFrom(this.waitingByService.get(ticket.serviceId), ticket.id);
  }

  private learnServiceTime(ticket: Ticket): void {
    if (ticket.startedAt === null || ticket.finishedAt === null) return;
    const minutes = Math.max(0, (ticket.finishedAt - ticket.startedAt) / 60000);
    const stats = this.stats.get(ticket.serviceId);
    if (!stats) this.stats.set(ticket.serviceId, { meanMinutes: minutes, finished: 1 });
    else {
      stats.meanMinutes =
        stats.finished === 0
          ? minutes
          : stats.meanMinutes + SMOOTHING * (minutes - stats.meanMinutes);
      stats.finished += 1;
    }
  }
}
