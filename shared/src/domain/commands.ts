import type { PriorityClass } from './hall-config';
import type { Channel, RatingDimension, RatingLevel } from './ticket';

/** The holder of an ID card, as the core may know them: never the number itself. */
export interface PersonRef {
  /** Keyed hash of the ID number: duplicate and cap checks compare this. */
  key: string;
  /** YYYY-MM-DD, read from the ID number: the elderly priority follows from it. */
  birthDate: string;
}

/** Everything that can be asked of the hall. Ids and times come in; the core draws none. */
export type Command =
  | {
      type: 'issue';
      ticketId: string;
      serviceId: string;
      channel: Channel;
      priority?: PriorityClass | null;
      person?: PersonRef | null;
      requestId?: string | null;
      /**
       * 预约办: the booked slot's start. An appointment ticket queues from it (less its
       * boost), not from the check-in: served near its slot, whether checked in early or a
       * little late (the check-in window bounds both).
       */
      slotAt?: number | null;
      /** 一件事一次办: issue for this bundle (serviceId is then ignored). */
      bundleId?: string | null;
      /** The bundle's optional steps the citizen needs (null: all). */
      bundleSteps?: string[] | null;
    }
  | { type: 'call-next'; windowId: string }
  | { type: 'recall'; windowId: string }
  | { type: 'start'; windowId: string }
  | { type: 'finish'; windowId: string }
  | { type: 'no-show'; windowId: string }
  /** 转交: the window's current ticket goes on to another service or window, keeping its place. */
  | { type: 'transfer'; windowId: string; toServiceId?: string | null; toWindowId?: string | null }
  /** 分流: a guide moves a waiting ticket, keeping its place. */
  | { type: 'divert'; ticketId: string; toServiceId?: string | null; toWindowId?: string | null }
  | { type: 'return-no-show'; ticketId: string }
  | { type: 'cancel'; ticketId: string; reason: string }
  | { type: 'set-priority'; ticketId: string; priority: PriorityClass | null }
  /** 好差评 after service: from the window's rating pad (windowId) or the citizen's phone. */
  | {
      type: 'rate';
      ticketId: string;
      windowId?: string | null;
      level: RatingLevel;
      reasons?: RatingDimension[];
    }
  | {
      type: 'open-window';
      windowId: string;
      clerkId: string;
      clerkName: string;
      /** 工号, shown on the window screen; absent in events older than it. */
      staffNumber?: string | null;
    }
  /** 一件事一次办: the clerk adds a step the citizen needs, or skips an optional one. */
  | { type: 'add-step'; windowId: string; serviceId: string }
  | { type: 'skip-step'; windowId: string; serviceId: string }
  | { type: 'close-window'; windowId: string }
  | { type: 'pause'; windowId: string; reason: string }
  | { type: 'resume'; windowId: string }
  | { type: 'set-extended'; windowId: string; on: boolean }
  /** A guide widens (or narrows back) what a window takes for now: 临时受理. */
  | { type: 'set-extra-services'; windowId: string; serviceIds: string[] };

export type CommandType = Command['type'];
