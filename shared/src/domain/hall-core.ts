import {
  bundleConfig,
  checkBundleTransfer,
  currentStep,
  decideStepChange,
  decideStepFinish,
  newTicketBundle,
} from './bundle';
import type { Command } from './commands';
import { HallError } from './errors';
import type { DomainEvent } from './events';
import type { HallConfig, PriorityClass, ServiceConfig, WindowConfig } from './hall-config';
import { HallState } from './hall-state';
import { localTime } from './local-time';
import { hallOpenState } from './opening-hours';
import { ageOn } from '../pii';
import type { RoutingPolicy } from './routing';
import { formatTicketNumber, type Ticket } from './ticket';

const MINUTE = 60_000;

/**
 * The hall as a pure state machine. `decide` turns a command into events (or refuses it
 * with a HallError) without changing anything; `apply` changes the state by one event.
 * An adapter persists the events between the two, so state and storage never disagree.
 */
export class HallCore {
  readonly state: HallState;

  constructor(
    readonly config: HallConfig,
    public policy: RoutingPolicy,
    state?: HallState,
  ) {
    this.state = state ?? new HallState(config);
  }

  apply(event: DomainEvent): void {
    this.state.apply(event);
  }

  /**
   * rollover + decide + apply, for callers with nothing to persist in between (simulator,
   * tests). `record` hears every applied event, including a day.started that happened
   * before the command was refused: a log kept from it always replays to this state.
   */
  execute(command: Command, now: number, record?: (event: DomainEvent) => void): DomainEvent[] {
    const events = this.rollover(now);
    for (const event of events) {
      this.apply(event);
      record?.(event);
    }
    const decided = this.decide(command, now);
    for (const event of decided) {
      this.apply(event);
      record?.(event);
    }
    return [...events, ...decided];
  }

  /** The day.started event when `now` is on a new local day: numbers restart at midnight. */
  rollover(now: number): DomainEvent[] {
    const day = localTime(now, this.config.timeZone).day;
    if (day === this.state.day) return [];
    const expiredTicketIds = [...this.state.tickets.values()]
      .filter(
        (t) =>
          t.status === 'waiting' ||
          t.status === 'called' ||
          t.status === 'serving' ||
          t.status === 'no-show',
      )
      .map((t) => t.id);
    return [{ type: 'day.started', at: now, day, expiredTicketIds }];
  }

  decide(command: Command, now: number): DomainEvent[] {
    if (localTime(now, this.config.timeZone).day !== this.state.day) {
      throw new Error('decide() before rollover(): apply the day.started event first');
    }
    switch (command.type) {
      case 'issue':
        return this.decideIssue(command, now);
      case 'call-next':
        return this.decideCallNext(command.windowId, now);
      case 'recall': {
        const ticket = this.currentOf(command.windowId, ['called']);
        if (ticket.calls > this.config.rules.maxRecalls) throw new HallError('RECALL_LIMIT');
        return [
          { type: 'ticket.recalled', at: now, ticketId: ticket.id, windowId: command.windowId },
        ];
      }
      case 'start': {
        const ticket = this.currentOf(command.windowId, ['called']);
        return [
          { type: 'ticket.started', at: now, ticketId: ticket.id, windowId: command.windowId },
        ];
      }
      case 'finish': {
        const ticket = this.currentOf(command.windowId, ['called', 'serving']);
        const step = decideStepFinish(
          ticket,
          command.windowId,
          this.servicesOf(this.windowConfig(command.windowId)),
          now,
        );
        if (step) return [step];
        return [
          { type: 'ticket.finished', at: now, ticketId: ticket.id, windowId: command.windowId },
        ];
      }
      case 'no-show': {
        const ticket = this.currentOf(command.windowId, ['called']);
        return [
          { type: 'ticket.no-show', at: now, ticketId: ticket.id, windowId: command.windowId },
        ];
      }
      case 'transfer': {
        const ticket = this.currentOf(command.windowId, ['called', 'serving']);
        return [
          this.transferEvent(
            ticket,
            command.toServiceId,
            command.toWindowId,
            command.windowId,
            now,
          ),
        ];
      }
      case 'divert': {
        const ticket = this.ticket(command.ticketId);
        if (ticket.status !== 'waiting')
          throw new HallError('TICKET_NOT_ACTIVE', { status: ticket.status });
        return [this.transferEvent(ticket, command.toServiceId, command.toWindowId, null, now)];
      }
      case 'return-no-show':
        return this.decideReturn(command.ticketId, now);
      case 'cancel': {
        const ticket = this.ticket(command.ticketId);
        if (!['waiting', 'called', 'no-show'].includes(ticket.status)) {
          throw new HallError('TICKET_NOT_ACTIVE', { status: ticket.status });
        }
        const atWindow =
          ticket.windowId !== null &&
          this.state.window(ticket.windowId)?.currentTicketId === ticket.id;
        return [
          {
            type: 'ticket.cancelled',
            at: now,
            ticketId: ticket.id,
            reason: command.reason,
            freedWindowId: atWindow ? ticket.windowId : null,
          },
        ];
      }
      case 'set-priority': {
        const ticket = this.ticket(command.ticketId);
        if (ticket.status !== 'waiting')
          throw new HallError('TICKET_NOT_ACTIVE', { status: ticket.status });
        let queueKey = this.queueKey(ticket.issuedAt, command.priority);
        // A returned no-show stays behind those who were waiting when it was skipped.
        if (ticket.noShowAt !== null)
          queueKey = Math.max(queueKey, this.queueKey(ticket.noShowAt, command.priority));
        return [
          {
            type: 'ticket.priority-set',
            at: now,
            ticketId: ticket.id,
            priority: command.priority,
            queueKey,
          },
        ];
      }
      case 'rate': {
        const ticket = this.ticket(command.ticketId);
        if (ticket.status !== 'done' || !ticket.windowId) throw new HallError('TICKET_NOT_DONE');
        if (ticket.rating) throw new HallError('ALREADY_RATED');
        if (command.windowId && command.windowId !== ticket.windowId)
          throw new HallError('RATING_WRONG_WINDOW');
        return [
          {
            type: 'ticket.rated',
            at: now,
            ticketId: ticket.id,
            windowId: ticket.windowId,
            clerkId: ticket.clerkId,
            level: command.level,
            reasons: [...new Set(command.reasons ?? [])],
          },
        ];
      }
      case 'add-step':
      case 'skip-step': {
        const ticket = this.currentOf(command.windowId, ['called', 'serving']);
        return decideStepChange(this.config, ticket, command, now);
      }
      case 'open-window': {
        const window = this.windowState(command.windowId);
        if (window.status !== 'closed') {
          if (window.clerkId === command.clerkId) return [];
          throw new HallError('WINDOW_TAKEN');
        }
        return [
          {
            type: 'window.opened',
            at: now,
            windowId: command.windowId,
            clerkId: command.clerkId,
            clerkName: command.clerkName,
            ...(command.staffNumber ? { staffNumber: command.staffNumber } : {}),
          },
        ];
      }
      case 'close-window': {
        const window = this.windowState(command.windowId);
        if (window.status === 'closed') return [];
        if (window.currentTicketId) throw new HallError('WINDOW_BUSY');
        // Tickets transferred to this window must not be stranded: back to their service's queue.
        const stranded: DomainEvent[] = this.state.waitingForWindow(command.windowId).map((t) => ({
          type: 'ticket.transferred',
          at: now,
          ticketId: t.id,
          fromServiceId: t.serviceId,
          toServiceId: t.serviceId,
          toWindowId: null,
          fromWindowId: null,
        }));
        return [...stranded, { type: 'window.closed', at: now, windowId: command.windowId }];
      }
      case 'pause': {
        const window = this.openWindow(command.windowId);
        if (window.currentTicketId) throw new HallError('WINDOW_BUSY');
        return [
          { type: 'window.paused', at: now, windowId: command.windowId, reason: command.reason },
        ];
      }
      case 'resume': {
        const window = this.windowState(command.windowId);
        if (window.status !== 'paused') throw new HallError('WINDOW_NOT_PAUSED');
        return [{ type: 'window.resumed', at: now, windowId: command.windowId }];
      }
      case 'set-extra-services': {
        const window = this.windowState(command.windowId);
        if (window.status === 'closed') throw new HallError('WINDOW_CLOSED');
        const own = this.windowConfig(command.windowId).services;
        const extra = [...new Set(command.serviceIds)].filter(
          (id) => !own.includes(this.service(id).id),
        );
        if (extra.join() === window.extraServiceIds.join()) return [];
        return [
          {
            type: 'window.services-changed',
            at: now,
            windowId: command.windowId,
            extraServiceIds: extra,
          },
        ];
      }
      case 'set-extended': {
        const window = this.windowState(command.windowId);
        if (window.status === 'closed') throw new HallError('WINDOW_CLOSED');
        if (window.extended === command.on) return [];
        return [{ type: 'window.extended', at: now, windowId: command.windowId, on: command.on }];
      }
    }
  }

  // ---- issue ----------------------------------------------------------------------

  private decideIssue(command: Extract<Command, { type: 'issue' }>, now: number): DomainEvent[] {
    // 一件事一次办: the ticket starts in its bundle's first step (its number, its queue).
    const bundle = command.bundleId
      ? newTicketBundle(bundleConfig(this.config, command.bundleId), command.bundleSteps, now)
      : null;
    const service = this.service(
      bundle ? (currentStep(bundle)?.serviceId ?? command.serviceId) : command.serviceId,
    );
    if (this.state.tickets.has(command.ticketId))
      throw new Error(`ticket id ${command.ticketId} is already used`);
    // A repeated request is the same ticket: nothing new happens.
    if (command.requestId && this.state.ticketOfRequest(command.requestId)) return [];
    const local = localTime(now, this.config.timeZone);
    const hours = hallOpenState(this.config.hours, local);
    if (!hours.issuing)
      throw new HallError('HALL_NOT_ISSUING', { phase: hours.phase, sessions: hours.sessions });

    let priority: PriorityClass | null = command.priority ?? null;
    if (command.channel === 'appointment' && priority === null) priority = 'appointment';
    if (command.person) {
      const held = this.state.ticketsOfPerson(command.person.key);
      const active = this.activeTicketOf(command.person.key, service.id, null);
      if (active) throw new HallError('ALREADY_HAS_TICKET', { number: active.number });
      if (held.length >= this.config.rules.dailyCapPerPerson) {
        throw new HallError('DAILY_CAP_REACHED', { cap: this.config.rules.dailyCapPerPerson });
      }
      if (
        priority === null &&
        ageOn(command.person.birthDate, local.day) >= this.config.rules.elderlyAge
      ) {
        priority = 'elderly';
      }
    }

    const sequence = (this.state.counters.get(service.prefix) ?? 0) + 1;
    if (sequence >= 10 ** service.digits) throw new HallError('NUMBERS_EXHAUSTED');
    const ticket: Ticket = {
      id: command.ticketId,
      number: formatTicketNumber(service.prefix, sequence, service.digits),
      day: local.day,
      serviceId: service.id,
      channel: command.channel,
      priority,
      status: 'waiting',
      issuedAt: now,
      queueKey: this.queueKey(
        priority === 'appointment' && command.slotAt != null ? command.slotAt : now,
        priority,
      ),
      windowId: null,
      clerkId: null,
      targetWindowId: null,
      calledAt: null,
      startedAt: null,
      finishedAt: null,
      calls: 0,
      noShowAt: null,
      noShowReturns: 0,
      transfers: 0,
      personKey: command.person?.key ?? null,
      requestId: command.requestId ?? null,
      rating: null,
      ...(bundle ? { bundle } : {}),
    };
    return [{ type: 'ticket.issued', at: now, ticket }];
  }

  /** The person's ticket for a service that can still be served today, other than `exceptId`. */
  private activeTicketOf(
    personKey: string | null,
    serviceId: string,
    exceptId: string | null,
  ): Ticket | undefined {
    if (!personKey) return undefined;
    return this.state
      .ticketsOfPerson(personKey)
      .find(
        (t) =>
          t.id !== exceptId &&
          t.serviceId === serviceId &&
          (t.status === 'waiting' || t.status === 'called' || t.status === 'serving'),
      );
  }

  /** Priority tickets queue as if they came earlier by a bounded boost: never starving others. */
  queueKey(issuedAt: number, priority: PriorityClass | null): number {
    const boost = priority ? this.config.rules.priorityBoostMinutes[priority] : 0;
    return issuedAt - boost * MINUTE;
  }

  // ---- calling --------------------------------------------------------------------

  /** The services a window may serve now: its configured list, then any a guide added for now. */
  servicesOf(window: WindowConfig): readonly string[] {
    const extra = this.state.window(window.id)?.extraServiceIds ?? [];
    return extra.length === 0
      ? window.services
      : [...window.services, ...extra.filter((s) => !window.services.includes(s))];
  }

  private decideCallNext(windowId: string, now: number): DomainEvent[] {
    const window = this.openWindow(windowId);
    if (window.currentTicketId) throw new HallError('WINDOW_BUSY');
    const hours = hallOpenState(this.config.hours, localTime(now, this.config.timeZone));
    if (!hours.windowsOpen && !window.extended)
      throw new HallError('OUTSIDE_HOURS', { phase: hours.phase });
    const config = this.windowConfig(windowId);
    const next =
      this.state.waitingForWindow(windowId)[0] ??
      this.policy.pick({
        config: this.config,
        state: this.state,
        window: config,
        services: this.servicesOf(config),
        now,
      });
    if (!next) return [];
    return [{ type: 'ticket.called', at: now, ticketId: next.id, windowId }];
  }

  private decideReturn(ticketId: string, now: number): DomainEvent[] {
    const ticket = this.ticket(ticketId);
    if (ticket.status !== 'no-show' || ticket.noShowAt === null)
      throw new HallError('TICKET_NOT_NO_SHOW');
    if (ticket.noShowReturns >= this.config.rules.noShowMaxReturns)
      throw new HallError('NO_SHOW_RETURNS_USED');
    if (now - ticket.noShowAt > this.config.rules.noShowGraceMinutes * MINUTE)
      throw new HallError('NO_SHOW_GRACE_PASSED');
    const other = this.activeTicketOf(ticket.personKey, ticket.serviceId, ticket.id);
    if (other) throw new HallError('ALREADY_HAS_TICKET', { number: other.number });
    // Back in line as if they had arrived when they were skipped: those already waiting then go first.
    const queueKey = Math.max(ticket.queueKey, this.queueKey(ticket.noShowAt, ticket.priority));
    return [{ type: 'ticket.returned', at: now, ticketId, queueKey }];
  }

  private transferEvent(
    ticket: Ticket,
    toServiceId: string | null | undefined,
    toWindowId: string | null | undefined,
    fromWindowId: string | null,
    now: number,
  ): DomainEvent {
    if ((toServiceId ? 1 : 0) + (toWindowId ? 1 : 0) !== 1) {
      throw new HallError('TRANSFER_TARGET_INVALID', {
        reason: 'give exactly one of serviceId and windowId',
      });
    }
    let serviceId = ticket.serviceId;
    if (toServiceId) {
      serviceId = this.service(toServiceId).id;
      if (serviceId === ticket.serviceId && !ticket.targetWindowId && fromWindowId === null) {
        throw new HallError('TRANSFER_TARGET_INVALID', { reason: 'already in this service' });
      }
    }
    if (toServiceId && serviceId !== ticket.serviceId) {
      const other = this.activeTicketOf(ticket.personKey, serviceId, ticket.id);
      if (other) throw new HallError('ALREADY_HAS_TICKET', { number: other.number });
    }
    if (toWindowId) {
      const target = this.windowConfig(toWindowId);
      if (toWindowId === fromWindowId)
        throw new HallError('TRANSFER_TARGET_INVALID', { reason: 'same window' });
      // A window that does not serve the ticket's service takes it as its own first service.
      if (!target.services.includes(serviceId)) serviceId = target.services[0] ?? serviceId;
    }
    checkBundleTransfer(ticket, serviceId);
    return {
      type: 'ticket.transferred',
      at: now,
      ticketId: ticket.id,
      fromServiceId: ticket.serviceId,
      toServiceId: serviceId,
      toWindowId: toWindowId ?? null,
      fromWindowId,
    };
  }

  // ---- lookups that refuse clearly ------------------------------------------------

  service(serviceId: string): ServiceConfig {
    const service = this.config.services.find((s) => s.id === serviceId);
    if (!service) throw new HallError('SERVICE_NOT_FOUND', { serviceId });
    return service;
  }

  windowConfig(windowId: string): WindowConfig {
    const window = this.config.windows.find((w) => w.id === windowId);
    if (!window) throw new HallError('WINDOW_NOT_FOUND', { windowId });
    return window;
  }

  ticket(ticketId: string): Ticket {
    const ticket = this.state.tickets.get(ticketId);
    if (!ticket) throw new HallError('TICKET_NOT_FOUND', { ticketId });
    return ticket;
  }

  private windowState(windowId: string) {
    this.windowConfig(windowId);
    const window = this.state.window(windowId);
    if (!window) throw new HallError('WINDOW_NOT_FOUND', { windowId });
    return window;
  }

  private openWindow(windowId: string) {
    const window = this.windowState(windowId);
    if (window.status === 'closed') throw new HallError('WINDOW_CLOSED');
    if (window.status === 'paused') throw new HallError('WINDOW_PAUSED');
    return window;
  }

  private currentOf(windowId: string, statuses: Ticket['status'][]): Ticket {
    const window = this.windowState(windowId);
    if (window.status === 'closed') throw new HallError('WINDOW_CLOSED');
    const ticket = this.state.currentTicket(windowId);
    if (!ticket) throw new HallError('WINDOW_IDLE');
    if (!statuses.includes(ticket.status))
      throw new HallError('TICKET_NOT_CALLED', { status: ticket.status });
    return ticket;
  }
}
