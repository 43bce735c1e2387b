import type { PriorityClass } from '../domain/hall-config';
import type { Channel, RatingLevel } from '../domain/ticket';
import type { ApiError, HallSnapshot, ServiceQueueView, WindowView } from './http';

/**
 * What clients receive over socket.io. Every stored event reaches every client as one
 * PublicEvent under its own name, with its sequence number: nothing personal is in them
 * (what the wall board shows anyway). A client that sees a gap in `seq` resyncs.
 */
interface Base {
  seq: number;
  /** ISO time. */
  at: string;
}
interface TicketRef {
  ticketId: string;
  number: string;
  serviceId: string;
}
interface AtWindow {
  windowId: string;
  windowNumber: number;
  windowName: string;
}

export type PublicEvent =
  | (Base & { type: 'day.started'; day: string })
  | (Base & TicketRef & { type: 'ticket.issued'; channel: Channel; priority: PriorityClass | null })
  | (Base & TicketRef & AtWindow & { type: 'ticket.called' | 'ticket.recalled' })
  | (Base &
      TicketRef &
      AtWindow & { type: 'ticket.started' | 'ticket.finished' | 'ticket.no-show' })
  | (Base & TicketRef & { type: 'ticket.returned' })
  | (Base &
      TicketRef &
      AtWindow & {
        type: 'ticket.rated';
        level: RatingLevel;
        /** 不满意 / 非常不满意: a follow-up case is opened. */
        followUp: boolean;
      })
  | (Base &
      TicketRef & {
        type: 'ticket.cancelled';
        /** The window it was called to, now free (boards clear its number). */
        freedWindowId: string | null;
        freedWindowNumber: number | null;
      })
  | (Base & TicketRef & { type: 'ticket.priority-set'; priority: PriorityClass | null })
  | (Base &
      TicketRef & {
        type: 'ticket.transferred';
        fromServiceId: string;
        /** The window that handed it on, now free; null for a guide's 分流. */
        fromWindowId: string | null;
        fromWindowNumber: number | null;
        toWindowId: string | null;
        toWindowNumber: number | null;
      })
  | (Base &
      TicketRef &
      AtWindow & {
        type: 'ticket.step-finished';
        /** TicketRef.serviceId is the step just finished. */
        nextServiceId: string;
        nextServiceName: string;
        /** Where to go next: "请到 36–39号窗口". */
        nextWindowNumbers: number[];
        /** The same window serves the next step: the citizen stays. */
        stay: boolean;
      })
  | (Base &
      TicketRef & {
        type: 'ticket.steps-changed';
        cause: 'ticket.step-added' | 'ticket.step-skipped';
        stepServiceId: string;
      })
  | (Base & {
      type: 'window.status';
      /** The stored event behind it: window.opened, window.paused … */
      cause:
        | 'window.opened'
        | 'window.closed'
        | 'window.paused'
        | 'window.resumed'
        | 'window.extended'
        | 'window.services-changed';
      window: WindowView;
    });

export type PublicEventType = PublicEvent['type'];

/** Views that follow events: not part of the sequence, the `seq` they reflect. */
export interface QueueChanged {
  seq: number;
  services: ServiceQueueView[];
}

/** The first thing a (re)connecting client asks: what it missed, or a fresh snapshot. */
export interface SyncRequest {
  epoch?: string;
  lastSeq?: number;
}
export type SyncAnswer =
  | { mode: 'events'; epoch: string; events: PublicEvent[] }
  | { mode: 'snapshot'; snapshot: HallSnapshot };

export interface ServerToClientEvents {
  'day.started': (event: Extract<PublicEvent, { type: 'day.started' }>) => void;
  'ticket.issued': (event: Extract<PublicEvent, { type: 'ticket.issued' }>) => void;
  'ticket.called': (event: Extract<PublicEvent, { type: 'ticket.called' }>) => void;
  'ticket.recalled': (event: Extract<PublicEvent, { type: 'ticket.recalled' }>) => void;
  'ticket.started': (event: Extract<PublicEvent, { type: 'ticket.started' }>) => void;
  'ticket.finished': (event: Extract<PublicEvent, { type: 'ticket.finished' }>) => void;
  'ticket.no-show': (event: Extract<PublicEvent, { type: 'ticket.no-show' }>) => void;
  'ticket.returned': (event: Extract<PublicEvent, { type: 'ticket.returned' }>) => void;
  'ticket.cancelled': (event: Extract<PublicEvent, { type: 'ticket.cancelled' }>) => void;
  'ticket.priority-set': (event: Extract<PublicEvent, { type: 'ticket.priority-set' }>) => void;
  'ticket.rated': (event: Extract<PublicEvent, { type: 'ticket.rated' }>) => void;
  'ticket.transferred': (event: Extract<PublicEvent, { type: 'ticket.transferred' }>) => void;
  'ticket.step-finished': (event: Extract<PublicEvent, { type: 'ticket.step-finished' }>) => void;
  'ticket.steps-changed': (event: Extract<PublicEvent, { type: 'ticket.steps-changed' }>) => void;
  'window.status': (event: Extract<PublicEvent, { type: 'window.status' }>) => void;
  'queue.changed': (view: QueueChanged) => void;
  'hall.snapshot': (snapshot: HallSnapshot) => void;
}

export interface ClientToServerEvents {
  sync: (request: SyncRequest, answer: (answer: SyncAnswer | ApiError) => void) => void;
}

/** socket.io handshake `auth`: a staff or device token is optional; lastSeq asks for a catch-up. */
export interface HandshakeAuth {
  token?: string;
  epoch?: string;
  lastSeq?: number;
}
