import type { TicketBundle } from './bundle';
import type { PriorityClass } from './hall-config';

export const CHANNELS = ['kiosk', 'guide', 'appointment', 'online'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_STATUSES = [
  'waiting',
  'called',
  'serving',
  'done',
  'no-show', // 过号: may come back once within the grace period
  'cancelled',
  'expired', // still open when the day ended
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses from which a ticket can still be served today. */
export const ACTIVE_STATUSES: ReadonlySet<TicketStatus> = new Set(['waiting', 'called', 'serving']);

/** 好差评: the five national levels, best first. */
export const RATING_LEVELS = [
  'very-satisfied', // 非常满意
  'satisfied', // 满意
  'basic', // 基本满意
  'dissatisfied', // 不满意
  'very-dissatisfied', // 非常不满意
] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** The offline evaluation's dimensions a citizen may name as reasons. */
export const RATING_DIMENSIONS = ['efficiency', 'skill', 'attitude'] as const; // 服务效率, 服务水平, 服务态度
export type RatingDimension = (typeof RATING_DIMENSIONS)[number];

/** A 不满意 or 非常不满意 must be followed up and rectified. */
export function needsFollowUp(level: RatingLevel): boolean {
  return level === 'dissatisfied' || level === 'very-dissatisfied';
}

export interface TicketRating {
  level: RatingLevel;
  reasons: RatingDimension[];
  at: number;
}

export interface Ticket {
  id: string;
  /** What the citizen sees and hears: prefix + daily sequence, A001. */
  number: string;
  /** Local day of issue, YYYY-MM-DD. */
  day: string;
  serviceId: string;
  channel: Channel;
  priority: PriorityClass | null;
  status: TicketStatus;
  /** When the ticket was first issued; kept through transfers. */
  issuedAt: number;
  /**
   * Place in the queue: issue time less the priority boost. Smaller goes first. Kept
   * through transfers, so a transferred citizen does not queue from the back again.
   */
  queueKey: number;
  /** The window that called it (called, serving, done, no-show). */
  windowId: string | null;
  /** The clerk at that window when it was called: ratings and reports per clerk. */
  clerkId: string | null;
  /** Set when transferred to one particular window: only that window may call it. */
  targetWindowId: string | null;
  calledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** Times announced at the current window: 1 + recalls. */
  calls: number;
  noShowAt: number | null;
  noShowReturns: number;
  transfers: number;
  /** Keyed hash of the holder's ID number (never the number itself). */
  personKey: string | null;
  /** The issuing client's idempotency key. */
  requestId: string | null;
  /** The citizen's 好差评, once, after the ticket is done. */
  rating: TicketRating | null;
  /** 一件事一次办: the steps of a bundle ticket (serviceId is the current one); absent otherwise. */
  bundle?: TicketBundle | null;
}

export function formatTicketNumber(prefix: string, sequence: number, digits: number): string {
  return `${prefix}${String(sequence).padStart(digits, '0')}`;
}
