import { z } from 'zod';
import type { RatingDimension, RatingLevel } from '../domain/ticket';
import { REPORT_GROUPINGS } from './reports';
import type { Warning, WarningThresholds } from './warnings';

/**
 * The supervision API (reports, follow-up cases, warnings, hall administration): request
 * schemas, checked at the server's edge, and the shapes of the answers. docs/supervision.md.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id');

export const reportQuery = z
  .object({
    from: day,
    to: day,
    by: z.enum(REPORT_GROUPINGS).default('service'),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  })
  .strict();
export type ReportQuery = z.infer<typeof reportQuery>;

/** A mobile or landline number as people write it: digits, spaces, +, - and brackets. */
const phone = z
  .string()
  .trim()
  .regex(/^[+\d][\d\s()-]{4,24}$/, 'a phone number');

/** 办不成事: what a clerk or guide files for a citizen whose matter could not be done. */
export const unresolvedReportBody = z
  .object({
    matter: z.string().trim().min(2).max(500),
    citizenName: z.string().trim().min(1).max(20).optional(),
    contact: phone.optional(),
    serviceId: entityId.optional(),
    windowId: entityId.optional(),
    ticketNumber: z
      .string()
      .regex(/^[A-Z]{1,2}\d{3,4}$/, 'a ticket number such as A001')
      .optional(),
  })
  .strict();
export type UnresolvedReportBody = z.infer<typeof unresolvedReportBody>;

export const caseAssignBody = z.object({ ownerId: entityId.nullable() }).strict();
export const caseNoteBody = z.object({ text: z.string().trim().min(1).max(500) }).strict();
export const caseCallbackBody = z
  .object({
    /** Whether the citizen was reached on the phone. */
    reached: z.boolean(),
    /** Whether they are satisfied with the rectification (when reached). */
    satisfied: z.boolean().nullable().default(null),
    text: z.string().trim().min(1).max(500),
  })
  .strict();
export const caseCloseBody = z.object({ resolution: z.string().trim().min(2).max(500) }).strict();
export const casesQuery = z
  .object({ status: z.enum(['open', 'closed', 'all']).default('open') })
  .strict();

export const thresholdsBody = z
  .object({
    idleWithQueueMinutes: z.number().int().min(1).max(240),
    pauseMaxMinutes: z.number().int().min(1).max(480),
    deviceOfflineMinutes: z.number().int().min(1).max(240),
    caseDeadlineWorkingDays: z.number().int().min(1).max(60),
  })
  .partial()
  .strict();

export const STAFF_ROLES = ['admin', 'manager', 'guide', 'clerk'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** 工号: 1–12 digits or letters (letters kept upper-case); null or "" clears it. */
export const staffNumberField = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{0,12}$/, '工号为 1–12 位数字或字母 (1–12 digits or letters)')
  .transform((s) => (s === '' ? null : s.toUpperCase()))
  .nullable();

export const createStaffBody = z
  .object({
    username: z
      .string()
      .regex(/^[a-z][a-z0-9_.-]{1,31}$/, '2–32 of a-z 0-9 _ . -, starting with a letter'),
    displayName: z.string().trim().min(1).max(40),
    role: z.enum(STAFF_ROLES),
    password: z.string().min(8).max(256),
    staffNumber: staffNumberField.optional(),
  })
  .strict();
export const updateStaffBody = z
  .object({
    displayName: z.string().trim().min(1).max(40).optional(),
    staffNumber: staffNumberField.optional(),
    role: z.enum(STAFF_ROLES).optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(8).max(256).optional(),
  })
  .strict();

export const auditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();

// ---- answers ------------------------------------------------------------------------

export interface CaseEntryView {
  at: string;
  author: string | null;
  kind: 'opened' | 'assigned' | 'note' | 'callback' | 'closed';
  text: string | null;
  reached?: boolean;
  satisfied?: boolean | null;
}

export interface CaseView {
  id: string;
  source: 'rating' | 'report';
  ticketNumber: string | null;
  serviceId: string | null;
  serviceName: string | null;
  windowId: string | null;
  windowNumber: number | null;
  /** Who served (user name and masked name). */
  clerk: string | null;
  level: RatingLevel | null;
  reasons: RatingDimension[];
  /** What the citizen could not get done (ID and phone numbers starred). */
  matter: string | null;
  /** Masked: 张*. */
  citizenName: string | null;
  /** Masked: 138****5678. */
  contact: string | null;
  openedAt: string;
  /** Last day to close it (hall-local). */
  deadline: string;
  /** Working days left; negative when overdue. */
  workingDaysLeft: number;
  overdue: boolean;
  owner: { id: string; label: string } | null;
  status: 'open' | 'called-back' | 'closed';
  callbacks: number;
  closedAt: string | null;
  resolution: string | null;
  entries?: CaseEntryView[];
}

export interface WarningView extends Warning {
  id: number;
  raisedAt: string;
  acknowledged: { by: string; at: string } | null;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

export type { WarningThresholds };

/** What the server pushes to the 'staff' room (names beside the hall's public events). */
export interface SupervisionSocketEvents {
  'warnings.snapshot': (warnings: WarningView[]) => void;
  'warning.raised': (warning: WarningView) => void;
  'warning.cleared': (warning: { id: number; key: string }) => void;
  'warning.acknowledged': (warning: WarningView) => void;
  'case.opened': (view: CaseView) => void;
  'case.updated': (view: CaseView) => void;
}
