import { z } from 'zod';
import { PRIORITY_CLASSES, WINDOW_KINDS } from '../domain/hall-config';
import { CHANNELS, RATING_DIMENSIONS, RATING_LEVELS, TICKET_STATUSES } from '../domain/ticket';
import { ERRORS, type ErrorCode } from '../domain/errors';
import type { WindowDisplayStatus } from '../domain/hall-state';
import type { TicketBundleView } from './bundle-views';

/**
 * The HTTP API: request bodies as zod schemas (validated at the server's edge) and the
 * shapes of its answers. Documented for people in docs/api.md.
 */

const entityId = z.string().min(1).max(64);
/** A client's idempotency key: a retried issue request with the same key gets the same ticket. */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 of A-Z a-z 0-9 _ -');

export const issueTicketBody = z
  .object({
    serviceId: entityId,
    channel: z.enum(CHANNELS),
    idNumber: z.string().min(1).max(32).optional(),
    priority: z.enum(PRIORITY_CLASSES).nullable().optional(),
    requestId: requestId.optional(),
    /** 一件事一次办 (serviceId names a bundle): the optional steps wanted; absent: all. */
    bundleSteps: z.array(entityId).max(12).optional(),
  })
  .strict();
export type IssueTicketBody = z.infer<typeof issueTicketBody>;

export const loginBody = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
    /** Clerks log in at a window: its id. */
    windowId: entityId.optional(),
  })
  .strict();
export type LoginBody = z.infer<typeof loginBody>;

export const transferBody = z
  .object({ serviceId: entityId.optional(), windowId: entityId.optional() })
  .strict()
  .refine((b) => (b.serviceId ? 1 : 0) + (b.windowId ? 1 : 0) === 1, {
    message: 'give exactly one of serviceId and windowId',
  });
export type TransferBody = z.infer<typeof transferBody>;

export const pauseBody = z.object({ reason: z.string().trim().min(1).max(100) }).strict();
export const extendedBody = z.object({ on: z.boolean() }).strict();
export const cancelBody = z.object({ reason: z.string().trim().min(1).max(100) }).strict();
export const priorityBody = z.object({ priority: z.enum(PRIORITY_CLASSES).nullable() }).strict();
export const ratingBody = z
  .object({
    level: z.enum(RATING_LEVELS),
    reasons: z.array(z.enum(RATING_DIMENSIONS)).max(3).optional(),
  })
  .strict();
export type RatingBody = z.infer<typeof ratingBody>;

export const extraServicesBody = z.object({ serviceIds: z.array(entityId).max(50) }).strict();

export const emptyBody = z.object({}).strict();

export const DEVICE_KINDS = [
  'kiosk',
  'window-screen',
  'hall-board',
  'rating-pad',
  'caller',
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const createDeviceBody = z
  .object({
    kind: z.enum(DEVICE_KINDS),
    name: z.string().trim().min(1).max(60),
    windowId: entityId.optional(),
  })
  .strict();
export const enrollDeviceBody = z
  .object({ code: z.string().regex(/^\d{8}$/, 'eight digits') })
  .strict();

export const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id');

// ---- answers ------------------------------------------------------------------------

export interface ApiError {
  error: {
    code: ErrorCode;
    message: string;
    messageZh: string;
    messageEn: string;
    details?: unknown;
  };
}

/** The error body for a code, in Chinese and English, from the one table (domain/errors.ts). */
export function apiError(code: ErrorCode, details?: unknown): ApiError {
  const entry = ERRORS[code];
  return {
    error: {
      code,
      message: `${entry.zh} (${entry.en})`,
      messageZh: entry.zh,
      messageEn: entry.en,
      ...(details === undefined ? {} : { details }),
    },
  };
}

export interface WindowRef {
  id: string;
  number: number;
  name: string;
}

export interface IssuedTicket {
  id: string;
  number: string;
  serviceId: string;
  serviceName: string;
  priority: (typeof PRIORITY_CLASSES)[number] | null;
  ahead: number;
  estimatedWaitMinutes: number;
  issuedAt: string;
  /** The windows that may call it, for the slip: "1–8号窗口". */
  windowNumbers: number[];
  /** 一次性告知. */
  materials: string[];
  /** The status page (slip QR code). */
  statusPath: string;
  /** 一件事一次办: the bundle's steps (materials are then the combined list). */
  bundle?: TicketBundleView | null;
}

export interface TicketView {
  id: string;
  number: string;
  serviceId: string;
  serviceName: string;
  status: (typeof TICKET_STATUSES)[number];
  priority: (typeof PRIORITY_CLASSES)[number] | null;
  issuedAt: string;
  ahead: number | null;
  estimatedWaitMinutes: number | null;
  window: WindowRef | null;
  calledAt: string | null;
  transfers: number;
  /** The 好差评 given, if any. */
  rating: (typeof RATING_LEVELS)[number] | null;
  /** 一件事一次办: steps, where to go now and next; absent for a plain ticket. */
  bundle?: TicketBundleView | null;
}

export interface ServiceQueueView {
  id: string;
  name: string;
  prefix: string;
  areaId: string;
  waiting: number;
  estimatedWaitMinutes: number;
}

export interface WindowView {
  id: string;
  number: number;
  name: string;
  kind: (typeof WINDOW_KINDS)[number];
  areaId: string;
  services: string[];
  status: WindowDisplayStatus;
  /** Masked (张*): boards show it. */
  clerkName: string | null;
  /** The clerk's 工号 (staff number), shown beside the name; null when none is set. */
  staffNumber: string | null;
  pauseReason: string | null;
  currentTicket: string | null;
  extended: boolean;
  /** Services taken for now on top of `services` (临时受理). */
  extraServices: string[];
}

export interface CallView {
  seq: number;
  at: string;
  number: string;
  windowId: string;
  windowNumber: number;
  windowName: string;
  recall: boolean;
}

export interface HallSnapshot {
  epoch: string;
  seq: number;
  hall: { id: string; name: string; timeZone: string };
  day: string;
  phase: string;
  sessions: { open: string; close: string }[];
  services: ServiceQueueView[];
  windows: WindowView[];
  recentCalls: CallView[];
}

export interface LoginAnswer {
  token: string;
  role: 'admin' | 'manager' | 'guide' | 'clerk';
  username: string;
  window: WindowRef | null;
}

export interface CallAnswer {
  ticket: TicketView;
}
