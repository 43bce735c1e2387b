import type { PriorityClass } from './hall-config';
import type { RatingDimension, RatingLevel, Ticket } from './ticket';

/**
 * Every state change of the hall is one of these. The core decides them from commands
 * and applies them to its state; the server stores each with a sequence number in the
 * same transaction and pushes it to the clients.
 */
export type DomainEvent =
  | { type: 'day.started'; at: number; day: string; expiredTicketIds: string[] }
  | { type: 'ticket.issued'; at: number; ticket: Ticket }
  | { type: 'ticket.called'; at: number; ticketId: string; windowId: string }
  | { type: 'ticket.recalled'; at: number; ticketId: string; windowId: string }
  | { type: 'ticket.started'; at: number; ticketId: string; windowId: string }
  | { type: 'ticket.finished'; at: number; ticketId: string; windowId: string }
  | { type: 'ticket.no-show'; at: number; ticketId: string; windowId: string }
  | { type: 'ticket.returned'; at: number; ticketId: string; queueKey: number }
  | {
      type: 'ticket.transferred';
      at: number;
      ticketId: string;
      fromServiceId: string;
      toServiceId: string;
      toWindowId: string | null;
      /** The window that handed it on, when a clerk transferred it. */
      fromWindowId: string | null;
    }
  | {
      type: 'ticket.cancelled';
      at: number;
      ticketId: string;
      reason: string;
      /** The window the ticket was called to, now free; null when it was not at one. */
      freedWindowId: string | null;
    }
  | {
      type: 'ticket.priority-set';
      at: number;
      ticketId: string;
      priority: PriorityClass | null;
      queueKey: number;
    }
  | {
      type: 'ticket.rated';
      at: number;
      ticketId: string;
      /** Where and by whom it was served: the rating belongs to them. */
      windowId: string;
      clerkId: string | null;
      level: RatingLevel;
      reasons: RatingDimension[];
    }
  | {
      type: 'ticket.step-finished';
      at: number;
      ticketId: string;
      windowId: string;
      serviceId: string;
      nextServiceId: string;
      /** The window serves the next step too: the citizen stays (一件事 comprehensive window). */
      stay: boolean;
    }
  | {
      type: 'ticket.step-added';
      at: number;
      ticketId: string;
      windowId: string | null;
      serviceId: string;
      index: number;
    }
  | {
      type: 'ticket.step-skipped';
      at: number;
      ticketId: string;
      windowId: string | null;
      serviceId: string;
    }
  | {
      type: 'window.opened';
      at: number;
      windowId: string;
      clerkId: string;
      clerkName: string;
      /** 工号; absent in events stored before staff numbers existed. */
      staffNumber?: string | null;
    }
  | { type: 'window.closed'; at: number; windowId: string }
  | { type: 'window.paused'; at: number; windowId: string; reason: string }
  | { type: 'window.resumed'; at: number; windowId: string }
  | { type: 'window.extended'; at: number; windowId: string; on: boolean }
  | { type: 'window.services-changed'; at: number; windowId: string; extraServiceIds: string[] };

export type DomainEventType = DomainEvent['type'];

export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [
  'day.started',
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.finished',
  'ticket.no-show',
  'ticket.returned',
  'ticket.transferred',
  'ticket.cancelled',
  'ticket.priority-set',
  'ticket.rated',
  'ticket.step-finished',
  'ticket.step-added',
  'ticket.step-skipped',
  'window.opened',
  'window.closed',
  'window.paused',
  'window.resumed',
  'window.extended',
  'window.services-changed',
];

/** The ticket an event is about, if any. */
export function eventTicketId(event: DomainEvent): string | null {
  if (event.type === 'ticket.issued') return event.ticket.id;
  return 'ticketId' in event ? event.ticketId : null;
}

/** The window an event is about, if any. */
export function eventWindowId(event: DomainEvent): string | null {
  if ('windowId' in event) return event.windowId;
  if (event.type === 'ticket.transferred') return event.fromWindowId ?? event.toWindowId;
  if (event.type === 'ticket.cancelled') return event.freedWindowId;
  return null;
}
