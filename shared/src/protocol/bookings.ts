import { z } from 'zod';
import type { SlotView } from '../booking/rules';
import type { IssuedTicket } from './http';

/**
 * 预约办 (issue 8): the booking API's bodies and answers (docs/api.md §Bookings,
 * docs/appointments.md).
 */

const entityId = z.string().min(1).max(64);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 of A-Z a-z 0-9 _ -');

export const createBookingBody = z
  .object({
    serviceId: entityId,
    day: isoDay,
    slot: clock,
    idNumber: z.string().min(1).max(32),
    phone: z.string().min(1).max(32),
  })
  .strict();
export type CreateBookingBody = z.infer<typeof createBookingBody>;

export const moveBookingBody = z.object({ day: isoDay, slot: clock }).strict();
export type MoveBookingBody = z.infer<typeof moveBookingBody>;

/** At the kiosk: the scanned booking code, or the ID card that was read (its number). */
export const checkInBody = z
  .object({
    code: z.string().min(1).max(64).optional(),
    idNumber: z.string().min(1).max(32).optional(),
    requestId: requestId.optional(),
  })
  .strict()
  .refine((b) => (b.code ? 1 : 0) + (b.idNumber ? 1 : 0) === 1, {
    message: 'give exactly one of code and idNumber',
  });
export type CheckInBody = z.infer<typeof checkInBody>;

export const BOOKING_STATUSES = ['booked', 'cancelled', 'checked-in', 'late', 'no-show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export interface BookingView {
  code: string;
  /** What the booking's QR code holds (the kiosk scans it). */
  qrText: string;
  serviceId: string;
  serviceName: string;
  day: string;
  slot: { start: string; end: string };
  status: BookingStatus;
  maskedPhone: string;
  /** When check-in at the kiosk opens and closes (ISO). */
  checkInOpensAt: string;
  checkInClosesAt: string;
  /** The ticket of the check-in, once checked in. */
  ticket: { id: string; number: string; statusPath: string } | null;
  createdAt: string;
}

export interface BookingDayView {
  day: string;
  weekday: number;
  /** No session that day (weekend, holiday). */
  closed: boolean;
}

export interface BookingServiceView {
  id: string;
  name: string;
  areaName: string;
  capacityPerSlot: number;
  materials: string[];
}

/** GET /api/bookings/options: what the booking page offers. */
export interface BookingOptions {
  hallName: string;
  timeZone: string;
  days: BookingDayView[];
  services: BookingServiceView[];
  slotMinutes: number;
  checkInBeforeMinutes: number;
  checkInAfterMinutes: number;
  noShowLimit: number;
  noShowWindowDays: number;
  blockDays: number;
}

/** GET /api/bookings/slots?serviceId&day */
export interface BookingSlots {
  serviceId: string;
  day: string;
  slots: SlotView[];
}

/** POST /api/bookings/check-in: the ticket, and whether it came too late for the slot. */
export type CheckInAnswer = IssuedTicket & {
  checkIn: { code: string; late: boolean; slot: { start: string; end: string } };
};

/** GET /api/bookings?day: the day's bookings per service and slot (guides, admins). */
export interface BookingDaySummary {
  day: string;
  services: {
    serviceId: string;
    serviceName: string;
    capacityPerSlot: number;
    slots: {
      start: string;
      end: string;
      booked: number;
      checkedIn: number;
      late: number;
      noShows: number;
      cancelled: number;
    }[];
  }[];
  noShows: {
    code: string;
    serviceId: string;
    serviceName: string;
    slot: string;
    maskedPhone: string;
  }[];
  totals: { booked: number; checkedIn: number; late: number; noShows: number; cancelled: number };
}
