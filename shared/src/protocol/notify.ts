import { z } from 'zod';

/**
 * 无声叫号 (SMS notices) and 出件 (collection), issue 8: docs/api.md §Notices.
 */

/** POST /api/tickets/:id/sms: the citizen leaves a mobile number for this ticket. */
export const smsPhoneBody = z.object({ phone: z.string().min(1).max(32) }).strict();

/** POST /api/tickets/:id/collect: from the status page (online) or a kiosk / service desk. */
export const collectBody = z.object({}).strict();

/** GET /api/tickets/:id/notices: what the status page shows besides the queue. */
export interface TicketNotices {
  /** The hall has an SMS gateway: the page offers 短信提醒. */
  smsAvailable: boolean;
  /** The number notices go to, masked (138****5678), or null. */
  smsPhone: string | null;
  /** When a clerk marked the result ready for collection (可取件), ISO time, or null. */
  readyForCollection: string | null;
  /** The collection ticket taken for it, if any. */
  collection: { id: string; number: string; statusPath: string } | null;
}

/** GET /api/collections?windowId=: today's tickets finished at a window (the clerk's list). */
export interface FinishedTicket {
  id: string;
  number: string;
  serviceName: string;
  finishedAt: string;
  readyForCollection: string | null;
}

export const collectionsQuery = z.object({ windowId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
