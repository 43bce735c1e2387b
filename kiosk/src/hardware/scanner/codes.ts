/**
 * What a scanned code means at the kiosk:
 * - the QR code of one of our slips (…/t/<ticketId>): show that ticket's progress;
 * - an appointment code (预约码): check-in, which needs the booking system (issue 8) and is
 *   not available yet;
 * - anything else: not ours.
 */
export type ScannedCode =
  | { kind: 'ticket'; ticketId: string }
  | { kind: 'appointment'; code: string }
  | { kind: 'unknown' };

const TICKET = /(?:^|\/)t\/([A-Za-z0-9_-]{1,64})\/?(?:[?#].*)?$/;
/** A booking system's codes, as far as they can be foreseen: YY + 6–32 letters or digits. */
const APPOINTMENT = /^(?:YY|yy)[:-]?([A-Za-z0-9]{6,32})$|\/appointments?\/([A-Za-z0-9_-]{6,64})/;

export function classifyScan(text: string): ScannedCode {
  const code = text.trim();
  const ticket = TICKET.exec(code);
  if (ticket) return { kind: 'ticket', ticketId: ticket[1] as string };
  const appointment = APPOINTMENT.exec(code);
  if (appointment)
    return { kind: 'appointment', code: (appointment[1] ?? appointment[2]) as string };
  return { kind: 'unknown' };
}
