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
  | { type: 'open-window'; windowId: string; clerkId: string; clerkName: string }
  | { type: 'close-window'; windowId: string }
  | { type: 'pause'; windowId: string; reason: string }
  | { type: 'resume'; windowId: string }
  | { type: 'set-extended'; windowId: string; on: boolean }
  /** A guide widens (or narrows back) what a window takes for now: 临时受理. */
  | { type: 'set-extra-services'; windowId: string; serviceIds: string[] };

export type CommandType = Command['type'];
