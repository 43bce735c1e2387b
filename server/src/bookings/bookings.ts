import crypto from 'node:crypto';
import {
  bookableDays,
  bookingLimit,
  checkInTiming,
  CODE_ALPHABET,
  CODE_LENGTH,
  codeQrText,
  localInstant,
  maskPhone,
  noShowAfter,
  PHONE,
  slotCapacity,
  slotsOfDay,
  slotStillBookable,
  slotViews,
  weekdayOf,
} from '../../../shared/src/booking/rules';
import {
  clockMinutes,
  formatClock,
  HallError,
  localTime,
  type HallConfig,
  type PersonRef,
} from '../../../shared/src/domain';
import {
  issuedTicketView,
  type BookingDaySummary,
  type BookingOptions,
  type BookingSlots,
  type BookingStatus,
  type BookingView,
  type CheckInAnswer,
  type CreateBookingBody,
} from '../../../shared/src/protocol';
import type { HallService } from '../hall-service';
import type { PersonKeys } from '../person-keys';
import type { Db } from '../store/db';
import type { Actor } from '../store/hall-store';

/** Seals the phone number for the database (server/src/notify/phone-vault.ts). */
export interface PhoneSealer {
  encryptPhone(plain: string): string;
  decryptPhone(sealed: string): string;
}

interface BookingRow {
  code: string;
  service_id: string;
  day: string;
  slot: string;
  slot_start: number;
  person_key: string;
  birth_date: string;
  phone_sealed: string;
  phone_masked: string;
  status: BookingStatus;
  ticket_id: string | null;
  created_at: number;
  changed_at: number;
}

/** Bookings that hold a place in their slot (a cancelled one gives it back). */
const HOLDS_PLACE = `status IN ('booked', 'checked-in', 'late', 'no-show')`;
const REQUEST_PREFIX = 'booking-';

function newCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return code;
}

/**
 * 预约办: the bookings table and its rules (shared/src/booking/rules.ts). Every change
 * that depends on a count (capacity, a person's open bookings) reads and writes in one
 * immediate SQLite transaction, so concurrent requests can never overbook a slot. A
 * check-in issues the ticket through the hall's ordinary issue command; the booking is
 * marked checked in by a step of that very command's transaction (`onCommit`), so a
 * crash can never leave a ticket without its booking marked, or the reverse.
 */
export class Bookings {
  constructor(
    private readonly db: Db,
    private readonly hall: HallService,
    private readonly personKeys: PersonKeys,
    private readonly phones: PhoneSealer,
    private readonly now: () => number,
  ) {
    hall.onCommit((stored) => {
      for (const { event } of stored) {
        if (event.type !== 'ticket.issued') continue;
        const requestId = event.ticket.requestId;
        if (!requestId?.startsWith(REQUEST_PREFIX)) continue;
        this.db
          .prepare(`UPDATE bookings SET status = ?, ticket_id = ?, changed_at = ? WHERE code = ?`)
          .run(
            event.ticket.channel === 'appointment' ? 'checked-in' : 'late',
            event.ticket.id,
            event.at,
            requestId.slice(REQUEST_PREFIX.length),
          );
      }
    });
  }

  private get config(): HallConfig {
    return this.hall.config;
  }

  private today(): string {
    return localTime(this.now(), this.config.timeZone).day;
  }

  private requireEnabled(): void {
    if (!this.config.appointments.enabled) throw new HallError('APPOINTMENTS_DISABLED');
  }

  /** Bookings whose check-in has closed without a check-in become no-shows. */
  sweep(): number {
    const grace = this.config.appointments.checkInAfterMinutes * 60_000;
    const now = this.now();
    return this.db
      .prepare(
        `UPDATE bookings SET status = 'no-show', changed_at = ? WHERE status = 'booked' AND slot_start + ? < ?`,
      )
      .run(now, grace, now).changes;
  }

  // ---- reads ------------------------------------------------------------------------

  options(): BookingOptions {
    this.requireEnabled();
    const config = this.config;
    const settings = config.appointments;
    return {
      hallName: config.name,
      timeZone: config.timeZone,
      days: bookableDays(config, this.now()).map((day) => ({
        day,
        weekday: weekdayOf(day),
        closed: slotsOfDay(config, day).length === 0,
      })),
      services: config.services
        .map((s) => ({
          id: s.id,
          name: s.name,
          areaName: config.areas.find((a) => a.id === s.areaId)?.name ?? '',
          capacityPerSlot: slotCapacity(config, s.id),
          materials: s.materials,
        }))
        .filter((s) => s.capacityPerSlot > 0),
      slotMinutes: settings.slotMinutes,
      checkInBeforeMinutes: settings.checkInBeforeMinutes,
      checkInAfterMinutes: settings.checkInAfterMinutes,
      noShowLimit: settings.noShowLimit,
      noShowWindowDays: settings.noShowWindowDays,
      blockDays: settings.blockDays,
    };
  }

  private placesTaken(serviceId: string, day: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT slot, COUNT(*) AS n FROM bookings WHERE service_id = ? AND day = ? AND ${HOLDS_PLACE} GROUP BY slot`,
      )
      .all(serviceId, day) as { slot: string; n: number }[];
    return new Map(rows.map((r) => [r.slot, r.n]));
  }

  slots(serviceId: string, day: string): BookingSlots {
    this.requireEnabled();
    this.service(serviceId);
    if (!bookableDays(this.config, this.now()).includes(day))
      throw new HallError('BOOKING_SLOT_INVALID', { day });
    return {
      serviceId,
      day,
      slots: slotViews(this.config, serviceId, day, this.placesTaken(serviceId, day), this.now()),
    };
  }

  private service(serviceId: string) {
    const service = this.config.services.find((s) => s.id === serviceId);
    if (!service) throw new HallError('SERVICE_NOT_FOUND', { serviceId });
    return service;
  }

  private row(code: string): BookingRow | undefined {
    return this.db.prepare(`SELECT * FROM bookings WHERE code = ?`).get(code) as
      BookingRow | undefined;
  }

  find(code: string): BookingView {
    this.sweep();
    const row = this.row(code);
    if (!row) throw new HallError('BOOKING_NOT_FOUND');
    return this.view(row);
  }

  view(row: BookingRow): BookingView {
    const settings = this.config.appointments;
    const service = this.config.services.find((s) => s.id === row.service_id);
    const end = clockMinutes(row.slot) + settings.slotMinutes;
    const ticket = row.ticket_id ? this.hall.findTicket(row.ticket_id)?.ticket : undefined;
    return {
      code: row.code,
      qrText: codeQrText(row.code),
      serviceId: row.service_id,
      serviceName: service?.name ?? row.service_id,
      day: row.day,
      slot: { start: row.slot, end: formatClock(end) },
      status: row.status,
      maskedPhone: row.phone_masked,
      checkInOpensAt: new Date(
        row.slot_start - settings.checkInBeforeMinutes * 60_000,
      ).toISOString(),
      checkInClosesAt: new Date(noShowAfter(settings, row.slot_start)).toISOString(),
      ticket: ticket
        ? { id: ticket.id, number: ticket.number, statusPath: `/t/${ticket.id}` }
        : null,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  // ---- changes ----------------------------------------------------------------------

  /** Checks a day and slot of a service and returns the slot's start instant. */
  private slotStart(serviceId: string, day: string, slot: string): number {
    const config = this.config;
    if (slotCapacity(config, serviceId) === 0)
      throw new HallError('BOOKING_SLOT_INVALID', { serviceId });
    if (!bookableDays(config, this.now()).includes(day))
      throw new HallError('BOOKING_SLOT_INVALID', { day });
    if (!slotsOfDay(config, day).some((s) => s.start === slot))
      throw new HallError('BOOKING_SLOT_INVALID', { day, slot });
    const start = localInstant(day, clockMinutes(slot), config.timeZone);
    if (!slotStillBookable(config.appointments, start, this.now()))
      throw new HallError('BOOKING_SLOT_INVALID', { day, slot });
    return start;
  }

  /** Inside the transaction: refuses when the slot has no place left. */
  private requirePlace(serviceId: string, day: string, slot: string): void {
    const { n } = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM bookings WHERE service_id = ? AND day = ? AND slot = ? AND ${HOLDS_PLACE}`,
      )
      .get(serviceId, day, slot) as { n: number };
    if (n >= slotCapacity(this.config, serviceId))
      throw new HallError('BOOKING_SLOT_FULL', { day, slot });
  }

  /** Repeated no-shows bar booking for a while (the refusal says until when). */
  limitOf(personKey: string) {
    const days = (
      this.db
        .prepare(`SELECT day FROM bookings WHERE person_key = ? AND status = 'no-show'`)
        .all(personKey) as { day: string }[]
    ).map((r) => r.day);
    return bookingLimit(this.config.appointments, days, this.today());
  }

  create(body: CreateBookingBody): BookingView {
    this.requireEnabled();
    this.service(body.serviceId);
    const phone = body.phone.replace(/[\s-]/g, '');
    if (!PHONE.test(phone)) throw new HallError('PHONE_INVALID');
    const person = this.personKeys.person(body.idNumber, this.today());
    const slotStart = this.slotStart(body.serviceId, body.day, body.slot);
    const sealed = this.phones.encryptPhone(phone);
    this.sweep();
    const code = this.db
      .transaction(() => {
        const settings = this.config.appointments;
        const limit = this.limitOf(person.key);
        if (limit.blocked)
          throw new HallError('BOOKING_BLOCKED', {
            until: limit.until,
            noShows: limit.noShows,
            limit: settings.noShowLimit,
            windowDays: settings.noShowWindowDays,
          });
        const open = this.db
          .prepare(
            `SELECT service_id, day FROM bookings WHERE person_key = ? AND status = 'booked'`,
          )
          .all(person.key) as { service_id: string; day: string }[];
        if (open.some((b) => b.service_id === body.serviceId && b.day === body.day))
          throw new HallError('BOOKING_DUPLICATE');
        if (open.length >= settings.maxOpenPerPerson)
          throw new HallError('BOOKING_OPEN_LIMIT', { max: settings.maxOpenPerPerson });
        this.requirePlace(body.serviceId, body.day, body.slot);
        let code = newCode();
        while (this.row(code)) code = newCode();
        const now = this.now();
        this.db
          .prepare(
            `INSERT INTO bookings (code, service_id, day, slot, slot_start, person_key, birth_date,
               phone_sealed, phone_masked, status, ticket_id, created_at, changed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', NULL, ?, ?)`,
          )
          .run(
            code,
            body.serviceId,
            body.day,
            body.slot,
            slotStart,
            person.key,
            person.birthDate,
            sealed,
            maskPhone(phone),
            now,
            now,
          );
        return code;
      })
      .immediate();
    return this.find(code);
  }

  /** Only a booking still ahead of its slot may be cancelled or moved. */
  private requireChangeable(row: BookingRow | undefined): BookingRow {
    if (!row) throw new HallError('BOOKING_NOT_FOUND');
    if (row.status !== 'booked') throw new HallError('BOOKING_NOT_ACTIVE', { status: row.status });
    return row;
  }

  cancel(code: string): BookingView {
    this.sweep();
    this.db
      .transaction(() => {
        const row = this.requireChangeable(this.row(code));
        this.db
          .prepare(`UPDATE bookings SET status = 'cancelled', changed_at = ? WHERE code = ?`)
          .run(this.now(), row.code);
      })
      .immediate();
    return this.find(code);
  }

  move(code: string, day: string, slot: string): BookingView {
    this.requireEnabled();
    this.sweep();
    this.db
      .transaction(() => {
        const row = this.requireChangeable(this.row(code));
        const start = this.slotStart(row.service_id, day, slot);
        if (row.day === day && row.slot === slot) return;
        if (row.day !== day) {
          const other = this.db
            .prepare(
              `SELECT 1 FROM bookings WHERE person_key = ? AND status = 'booked' AND service_id = ? AND day = ? AND code <> ?`,
            )
            .get(row.person_key, row.service_id, day, row.code);
          if (other) throw new HallError('BOOKING_DUPLICATE');
        }
        this.requirePlace(row.service_id, day, slot);
        this.db
          .prepare(
            `UPDATE bookings SET day = ?, slot = ?, slot_start = ?, changed_at = ? WHERE code = ?`,
          )
          .run(day, slot, start, this.now(), row.code);
      })
      .immediate();
    return this.find(code);
  }

  /**
   * At the kiosk, by the booking code or the ID card: inside the check-in window the
   * ticket is an appointment ticket; too late, an ordinary one (the answer says so); too
   * early, a refusal that says when check-in opens. A second check-in of the same booking
   * gets the same ticket back.
   */
  checkIn(
    by: { code: string } | { idNumber: string },
    actor: Actor,
  ): { answer: CheckInAnswer; replayed: boolean } {
    this.sweep();
    const today = this.today();
    const now = this.now();
    const settings = this.config.appointments;
    let row: BookingRow | undefined;
    if ('code' in by) {
      row = this.row(by.code);
      if (!row) throw new HallError('BOOKING_NOT_FOUND');
    } else {
      const person = this.personKeys.person(by.idNumber, today);
      const rows = this.db
        .prepare(
          `SELECT * FROM bookings WHERE person_key = ? AND day = ? AND status IN ('booked', 'no-show', 'checked-in', 'late') ORDER BY slot_start`,
        )
        .all(person.key, today) as BookingRow[];
      // The booking due now, else the next one ahead, else the latest missed.
      const rank = (r: BookingRow) => {
        if (r.status === 'checked-in' || r.status === 'late') return 3;
        const kind = checkInTiming(settings, r.slot_start, now).kind;
        return kind === 'on-time' ? 0 : kind === 'early' ? 1 : 2;
      };
      row = rows.sort((a, b) => rank(a) - rank(b))[0];
      if (!row) throw new HallError('BOOKING_NOT_FOUND');
    }
    const slot = this.view(row).slot;
    if ((row.status === 'checked-in' || row.status === 'late') && row.ticket_id) {
      const ticket = this.hall.state.tickets.get(row.ticket_id);
      if (!ticket) throw new HallError('BOOKING_NOT_ACTIVE', { status: row.status });
      return {
        answer: {
          ...issuedTicketView(this.hall.state, ticket),
          checkIn: { code: row.code, late: row.status === 'late', slot },
        },
        replayed: true,
      };
    }
    if (row.status !== 'booked' && row.status !== 'no-show')
      throw new HallError('BOOKING_NOT_ACTIVE', { status: row.status });
    if (row.day !== today)
      throw new HallError('BOOKING_NOT_TODAY', { day: row.day, slot: row.slot });
    const timing = checkInTiming(settings, row.slot_start, now);
    if (timing.kind === 'early') {
      throw new HallError('BOOKING_TOO_EARLY', {
        opensAt: new Date(timing.opensAt).toISOString(),
        opensAtClock: localClock(timing.opensAt, this.config.timeZone),
        slot: row.slot,
      });
    }
    const late = timing.kind === 'late';
    const person: PersonRef = { key: row.person_key, birthDate: row.birth_date };
    const requestId = `${REQUEST_PREFIX}${row.code}`;
    this.hall.execute(
      {
        type: 'issue',
        ticketId: crypto.randomUUID(),
        serviceId: row.service_id,
        channel: late ? 'kiosk' : 'appointment',
        priority: null,
        person,
        requestId,
        slotAt: late ? null : row.slot_start,
      },
      actor,
    );
    const issued = this.hall.ticketOfRequest(requestId);
    const ticket = issued ? this.hall.state.tickets.get(issued.id) : undefined;
    if (!ticket) throw new Error('checked-in ticket is not in the state');
    return {
      answer: {
        ...issuedTicketView(this.hall.state, ticket),
        checkIn: { code: row.code, late, slot },
      },
      replayed: false,
    };
  }

  /** The day's bookings per service and slot, and its no-shows (guides, admins). */
  daySummary(day: string): BookingDaySummary {
    this.sweep();
    const config = this.config;
    const rows = this.db
      .prepare(`SELECT * FROM bookings WHERE day = ? ORDER BY slot, service_id`)
      .all(day) as BookingRow[];
    const name = (id: string) => config.services.find((s) => s.id === id)?.name ?? id;
    const totals = { booked: 0, checkedIn: 0, late: 0, noShows: 0, cancelled: 0 };
    const services = new Map<string, BookingDaySummary['services'][number]>();
    const slotList = slotsOfDay(config, day);
    for (const row of rows) {
      let service = services.get(row.service_id);
      if (!service) {
        service = {
          serviceId: row.service_id,
          serviceName: name(row.service_id),
          capacityPerSlot: slotCapacity(config, row.service_id),
          slots: [],
        };
        services.set(row.service_id, service);
      }
      let slot = service.slots.find((s) => s.start === row.slot);
      if (!slot) {
        const end = slotList.find((s) => s.start === row.slot)?.end ?? row.slot;
        slot = { start: row.slot, end, booked: 0, checkedIn: 0, late: 0, noShows: 0, cancelled: 0 };
        service.slots.push(slot);
      }
      const key = (
        {
          booked: 'booked',
          'checked-in': 'checkedIn',
          late: 'late',
          'no-show': 'noShows',
          cancelled: 'cancelled',
        } as const
      )[row.status];
      slot[key] += 1;
      totals[key] += 1;
    }
    return {
      day,
      services: [...services.values()].sort((a, b) => a.serviceId.localeCompare(b.serviceId)),
      noShows: rows
        .filter((r) => r.status === 'no-show')
        .map((r) => ({
          code: r.code,
          serviceId: r.service_id,
          serviceName: name(r.service_id),
          slot: r.slot,
          maskedPhone: r.phone_masked,
        })),
      totals,
    };
  }
}

function localClock(at: number, timeZone: string): string {
  return formatClock(localTime(at, timeZone).minuteOfDay);
}
