/**
 * HOOK: appointment check-in (预约办), issue 8.
 *
 * A citizen who booked a slot scans the booking's QR code (or places the ID card) and gets
 * a ticket with the `appointment` priority. That needs the booking system, which does not
 * exist yet: there is nothing to check a code against, so this hook says so, and the kiosk
 * tells the citizen plainly instead of guessing. When issue 8 lands, `checkIn` asks the
 * server whether the code (or the card holder) has a booking now, and on success the kiosk
 * issues with `channel: 'appointment'` (the server already accepts that from a kiosk).
 */
export type CheckInResult =
  { ok: true; serviceId: string } | { ok: false; reason: 'not-available' | 'no-booking' };

export async function checkIn(_code: string): Promise<CheckInResult> {
  return { ok: false, reason: 'not-available' };
}
