import type { ApiError } from '../../../shared/src/protocol/http';
import { TEXT, type Text } from './texts';

/**
 * 领取出件号 at the kiosk: on the 取件 screen the citizen holds the QR code of their slip to
 * the scanner; the kiosk asks the server for the collection ticket of that ticket
 * (POST /api/tickets/:id/collect, once per ticket: a repeat gives the same one). Only the
 * QR code's unguessable ticket id is taken, never a ticket number typed in: numbers are
 * short and sequential, so anyone could take someone else's collection ticket.
 */

/** A refusal in the citizen's words: not ready yet says so plainly. */
export function collectRefusal(error: ApiError['error']): Text {
  if (error.code === 'NOT_READY_FOR_COLLECTION') return TEXT.collectNotReady;
  if (error.code === 'TICKET_NOT_FOUND') return TEXT.ticketNotFound;
  return { zh: error.messageZh, en: error.messageEn };
}
