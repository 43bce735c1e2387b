import { z } from 'zod';

/**
 * The hall configuration: one documented JSON format (docs/hall-config.md, JSON Schema in
 * docs/hall-config.schema.json, generated from this file by `npm run schema`).
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and "-", at most 40');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const WINDOW_KINDS = [
  'comprehensive', // 综合窗口: any service of its area or of the hall
  'classified', // 分类受理: comprehensive within one field
  'specialised', // 专业窗口: one department
  'output', // 出件窗口: collecting finished results
  'help', // 帮办代办: the elderly and disabled
  'escalation', // 办不成事
] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

export const PRIORITY_CLASSES = [
  'appointment',
  'elderly',
  'disabled',
  'pregnant',
  'military',
] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

export const areaSchema = z
  .object({
    id,
    name: z.string().min(1).max(40),
    floor: z.number().int().min(-5).max(100).default(1),
  })
  .strict();

export const serviceSchema = z
  .object({
    id,
    name: z.string().min(1).max(40),
    areaId: id,
    /** Ticket numbers are prefix + a daily sequence: A001. One or two capital letters. */
    prefix: z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters'),
    /** Expected minutes a window spends on one ticket: the wait estimate's prior. */
    expectedMinutes: z.number().positive().max(480),
    /** Service time after which supervision warns (办理时限, minutes). */
    timeLimitMinutes: z.number().positive().max(1440),
    /** Wait after which supervision warns (minutes). */
    waitWarningMinutes: z.number().positive().max(1440).default(30),
    /** 一次性告知: every material the citizen must bring. */
    materials: z.array(z.string().min(1).max(200)).max(50).default([]),
    /** Number width of the daily sequence (3 → A001). */
    digits: z.number().int().min(3).max(4).default(3),
  })
  .strict();

export const windowSchema = z
  .object({
    id,
    number: z.number().int().min(1).max(999),
    name: z.string().min(1).max(40),
    kind: z.enum(WINDOW_KINDS),
    areaId: id,
    /** Services this window serves, in order of preference: its own first. */
    services: z.array(id).min(1),
  })
  .strict();

/** 一件事一次办: one ticket for an ordered list of services (docs/bundles.md). */
export const bundleSchema = z
  .object({
    id,
    name: z.string().min(1).max(40),
    nameEn: z.string().min(1).max(80).optional(),
    steps: z
      .array(
        z
          .object({
            serviceId: id,
            /** An optional step may be left out at the kiosk or skipped by the clerk. */
            optional: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1)
      .max(12),
  })
  .strict();

const sessionSchema = z.object({ open: clock, close: clock }).strict();
export const dayHoursSchema = z.array(sessionSchema).max(4);

export const hoursSchema = z
  .object({
    /** Sessions per weekday, Monday first (index 0 = Monday … 6 = Sunday). */
    weekly: z.array(dayHoursSchema).length(7),
    /** Tickets stop this many minutes before each close. */
    lastTicketMinutesBeforeClose: z.number().int().min(0).max(120).default(15),
    /** Closed days (法定节假日). */
    holidays: z.array(isoDay).default([]),
    /** Weekend days that are working days (调休), with the hours of a Monday. */
    extraWorkdays: z.array(isoDay).default([]),
    /** When false, tickets may be issued and called at any hour (demo and test halls). */
    enforce: z.boolean().default(true),
  })
  .strict();

const priorityBoostSchema = z
  .object({
    appointment: z.number().min(0).max(240).default(20),
    elderly: z.number().min(0).max(240).default(20),
    disabled: z.number().min(0).max(240).default(20),
    pregnant: z.number().min(0).max(240).default(20),
    military: z.number().min(0).max(240).default(20),
  })
  .strict();

export const rulesSchema = z
  .object({
    /** Holders at or over this age get the elderly priority from their ID number. */
    elderlyAge: z.number().int().min(50).max(100).default(65),
    /**
     * A priority ticket queues as if it had arrived this many minutes earlier. This bounds
     * how long any ticket can be overtaken, so priority never starves the others.
     */
    priorityBoostMinutes: priorityBoostSchema.default({
      appointment: 20,
      elderly: 20,
      disabled: 20,
      pregnant: 20,
      military: 20,
    }),
    /** A no-show (过号) may come back into the queue within this many minutes. */
    noShowGraceMinutes: z.number().int().min(0).max(240).default(30),
    /** How many times one ticket may come back after a no-show. */
    noShowMaxReturns: z.number().int().min(0).max(5).default(1),
    /** At most this many tickets per person (ID number) per day. */
    dailyCapPerPerson: z.number().int().min(1).max(50).default(5),
    /** Recalls (重呼) allowed per call before the clerk must mark a no-show. */
    maxRecalls: z.number().int().min(0).max(10).default(3),
  })
  .strict();

/** 预约办 (issue 8): booked slots, kiosk check-in, no-shows. See docs/appointments.md. */
export const appointmentsSchema = z
  .object({
    /** Citizens may book at /book. */
    enabled: z.boolean().default(true),
    /** Bookable days: today and this many days ahead. */
    daysAhead: z.number().int().min(0).max(14).default(3),
    slotMinutes: z.number().int().min(10).max(120).default(30),
    /** Share of each service's window time kept for walk-ins (not bookable). */
    walkInShare: z.number().min(0).max(1).default(0.5),
    /** Check-in opens this many minutes before the slot … */
    checkInBeforeMinutes: z.number().int().min(0).max(120).default(30),
    /** … and closes this many after its start; later is a normal ticket. */
    checkInAfterMinutes: z.number().int().min(0).max(120).default(15),
    /** Open (booked, not yet due) bookings one person may hold. */
    maxOpenPerPerson: z.number().int().min(1).max(10).default(2),
    /** This many no-shows within noShowWindowDays … */
    noShowLimit: z.number().int().min(1).max(20).default(3),
    noShowWindowDays: z.number().int().min(1).max(365).default(30),
    /** … bar booking for this many days after the last one. */
    blockDays: z.number().int().min(0).max(365).default(30),
    /**
     * Routing: at most this many appointment tickets of a service called in any hour while
     * walk-ins of it wait (null: the service's bookable places per hour), so a wave of
     * check-ins never starves walk-ins.
     */
    callsPerServicePerHour: z.number().int().min(1).max(500).nullable().default(null),
  })
  .strict();

export const hallConfigSchema = z
  .object({
    $schema: z.string().optional(),
    id,
    name: z.string().min(1).max(80),
    /** IANA zone of the hall: days, numbers and hours are local to it. */
    timeZone: z.string().min(1).default('Asia/Shanghai'),
    areas: z.array(areaSchema).min(1),
    services: z.array(serviceSchema).min(1),
    windows: z.array(windowSchema).min(1),
    hours: hoursSchema,
    rules: rulesSchema.default(rulesSchema.parse({})),
    appointments: appointmentsSchema.default(appointmentsSchema.parse({})),
    /** Which routing policy picks the next ticket for a free window. */
    routingPolicy: z.enum(['balanced', 'fifo']).default('balanced'),
    /** 一件事一次办 bundles offered at the kiosk and the guide desk. */
    bundles: z.array(bundleSchema).max(50).default([]),
  })
  .strict();

export type HallConfigInput = z.input<typeof hallConfigSchema>;
export type HallConfig = z.output<typeof hallConfigSchema>;
export type AreaConfig = HallConfig['areas'][number];
export type ServiceConfig = HallConfig['services'][number];
export type WindowConfig = HallConfig['windows'][number];
export type HoursConfig = HallConfig['hours'];
export type RulesConfig = HallConfig['rules'];
export type BundleConfig = HallConfig['bundles'][number];
export type AppointmentsConfig = HallConfig['appointments'];
