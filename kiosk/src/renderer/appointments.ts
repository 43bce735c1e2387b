import type { ApiError, IssuedTicket } from '../../../shared/src/protocol/http';
import { TEXT, fill, type Text } from './texts';

/**
 * 预约签到 (issue 8): a citizen who booked a slot at /book scans the booking's QR code
 * (YY-<code>) or reads the ID card and touches 预约签到; the server checks the booking in
 * (POST /api/bookings/check-in) and answers with the ticket, like an issue. Inside the
 * check-in window it is an appointment ticket; too late, an ordinary one, and the slip
 * says so plainly; too early or no booking, a refusal that says why.
 */

/** The check-in part of the server's answer (CheckInAnswer). */
export interface CheckInInfo {
  code: string;
  late: boolean;
  slot: { start: string; end: string };
}

export function checkInOf(ticket: IssuedTicket): CheckInInfo | null {
  const info = (ticket as IssuedTicket & { checkIn?: CheckInInfo }).checkIn;
  return info && typeof info.late === 'boolean' ? info : null;
}

/** The line the slip screen shows under the number after a check-in. */
export function checkInNote(info: CheckInInfo): Text {
  return info.late
    ? TEXT.checkInLate
    : fill(TEXT.checkedIn, { slot: `${info.slot.start}–${info.slot.end}` });
}

/** A refusal in the citizen's words: too early says from when. */
export function checkInRefusal(error: ApiError['error']): Text {
  const details = error.details as { opensAtClock?: string } | undefined;
  if (error.code === 'BOOKING_TOO_EARLY' && details?.opensAtClock)
    return fill(TEXT.checkInEarly, { time: details.opensAtClock });
  if (error.code === 'BOOKING_NOT_FOUND') return TEXT.noBooking;
  return { zh: error.messageZh, en: error.messageEn };
}
