import { z } from 'zod';
import { PRIORITY_CLASSES, type HallConfig } from '../domain/hall-config';
import { clockMinutes } from '../domain/local-time';

/**
 * The workload format of the simulator (documented in docs/simulator.md): what arrives
 * at a hall on a simulated day. Assumptions, not measurements (../shared/WORKLOAD.md):
 * every number is a field, so each can be changed and every result says what it assumed.
 */

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
const share = z.number().min(0).max(1);

export const sessionSchema = z.object({ open: clock, close: clock }).strict();

export const profileStepSchema = z
  .object({
    from: clock,
    to: clock,
    /** Arrival-rate multiplier, relative: the profile is rescaled to average 1 over the issuing minutes. */
    rate: z.number().min(0).max(20),
  })
  .strict();

export const serviceLoadSchema = z
  .object({
    /** Tickets a day. Give this, or rho (with windows). */
    volume: z.number().min(0).max(100_000).optional(),
    /**
     * Offered load of the service's own windows: arrival rate × mean service ÷ windows,
     * averaged over the minutes tickets are issued (volume = rho × windows × issuing
     * minutes ÷ mean service).
     */
    rho: z.number().min(0).max(5).optional(),
    /** The windows rho refers to; default: the hall's windows that list the service first. */
    windows: z.number().int().min(1).max(999).optional(),
    /** Mean service minutes; default: the hall's expectedMinutes for the service. */
    meanMinutes: z.number().positive().max(480).optional(),
    /** Extra factor on this service's volume (a peak day: ×1.3 for real estate). */
    scale: z.number().min(0).max(20).default(1),
  })
  .strict()
  .refine((s) => (s.volume === undefined) !== (s.rho === undefined), {
    message: 'give exactly one of volume and rho',
  });

export const workloadSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).max(80),
    description: z.string().max(2000).default(''),
    day: z
      .object({
        /** When the windows serve. Tickets are issued from open to close − lastTicketMinutesBeforeClose. */
        sessions: z.array(sessionSchema).min(1).max(4),
        lastTicketMinutesBeforeClose: z.number().int().min(0).max(120).default(15),
        /** Arrival-rate multipliers by period; minutes not covered get 1. */
        profile: z.array(profileStepSchema).default([]),
        /**
         * What happens to tickets still waiting when a session other than the last closes:
         * 'extend' — windows go on serving them (延时办) for at most overtimeMinutes;
         * 'carry-over' — windows close, the tickets wait through the break.
         */
        lunch: z.enum(['extend', 'carry-over']).default('extend'),
        /** After the last session (and in 'extend' mode after every session), windows serve
         * tickets already issued for at most this long; what is left then is left at close. */
        overtimeMinutes: z.number().int().min(0).max(480).default(60),
      })
      .strict(),
    /** Factor on every service's volume (a peak day: 1.1). */
    volumeScale: z.number().min(0).max(20).default(1),
    services: z.record(z.string(), serviceLoadSchema),
    serviceTime: z
      .object({
        distribution: z.enum(['lognormal', 'exponential']).default('lognormal'),
        /** Coefficient of variation of lognormal service times. */
        cv: z.number().min(0).max(5).default(0.9),
        /** Factor on service time when a window serves a service it does not list first. */
        flexibleSlowdown: z.number().min(0.5).max(3).default(1),
      })
      .strict()
      .default({ distribution: 'lognormal', cv: 0.9, flexibleSlowdown: 1 }),
    /** Constant arrival rate (the profile ignored): for the M/M/c check. */
    constantRate: z.boolean().default(false),
    priority: z
      .object({
        /** Share of all tickets with a priority class (elderly, disabled, pregnant, military). */
        share,
        /** Relative weights of the classes. */
        classes: z
          .partialRecord(z.enum(PRIORITY_CLASSES), z.number().min(0))
          .default({ elderly: 0.7, disabled: 0.15, pregnant: 0.1, military: 0.05 }),
      })
      .strict()
      .default({ share: 0, classes: { elderly: 1 } }),
    appointments: z
      .object({
        /** Share of all tickets booked ahead (预约办): checked in with channel 'appointment'. */
        share,
        /** Arrival within ± this many minutes of the booked slot. */
        jitterMinutes: z.number().min(0).max(120).default(10),
      })
      .strict()
      .default({ share: 0, jitterMinutes: 10 }),
    noShow: z
      .object({
        /** Share of tickets not there when first called (过号). */
        share,
        /** The clerk recalls (重呼) once after this long, then marks the no-show as long again later. */
        recallAfterMinutes: z.number().min(0).max(10).default(1),
        /** Share of no-shows who come back within the hall's grace period and queue again. */
        returnShare: share.default(0.5),
        /** They come back uniformly between 2 minutes and this long after the no-show. */
        returnWithinMinutes: z.number().min(2).max(240).default(25),
      })
      .strict()
      .default({ share: 0, recallAfterMinutes: 1, returnShare: 0.5, returnWithinMinutes: 25 }),
    abandonment: z
      .object({
        enabled: z.boolean(),
        /** Lognormal patience: how long a citizen waits before leaving. */
        patienceMeanMinutes: z.number().positive().max(1440).default(30),
        patienceCv: z.number().min(0).max(5).default(1),
      })
      .strict()
      .default({ enabled: false, patienceMeanMinutes: 30, patienceCv: 1 }),
    pauses: z
      .object({
        /** Pause requests per window per open hour (a pause starts when the current ticket ends). */
        perHour: z.number().min(0).max(20),
        meanMinutes: z.number().positive().max(120).default(3),
        cv: z.number().min(0).max(5).default(0.5),
      })
      .strict()
      .default({ perHour: 0, meanMinutes: 3, cv: 0.5 }),
    /** Minutes from a call to the start of service when the citizen is there. */
    walkMinutes: z.number().min(0).max(10).default(0.5),
    /**
     * 一件事一次办: citizens who come for one of the hall's bundles, on top of the service
     * volumes, as a share of them; each bundle by weight (default equal), each optional
     * step needed with probability optionalShare. Their own streams: share 0 leaves every
     * other ticket of the day exactly as it was.
     */
    bundles: z
      .object({
        share,
        weights: z.record(z.string(), z.number().min(0)).default({}),
        optionalShare: share.default(0.5),
      })
      .strict()
      .default({ share: 0, weights: {}, optionalShare: 0.5 }),
  })
  .strict();

export type WorkloadInput = z.input<typeof workloadSchema>;
export type Workload = z.output<typeof workloadSchema>;

export function parseWorkload(input: unknown): Workload {
  const parsed = workloadSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `invalid workload:\n  - ${parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('\n  - ')}`,
    );
  }
  return parsed.data;
}

/** [start, end) in minutes of the day. */
export interface Interval {
  start: number;
  end: number;
}

/** The sessions of the day in minutes, and when tickets are issued in each. */
export function dayIntervals(workload: Workload): { open: Interval[]; issuing: Interval[] } {
  const open = workload.day.sessions.map((s) => ({
    start: clockMinutes(s.open),
    end: clockMinutes(s.close),
  }));
  const issuing = open
    .map((s) => ({ start: s.start, end: s.end - workload.day.lastTicketMinutesBeforeClose }))
    .filter((s) => s.end > s.start);
  return { open, issuing };
}

/** The rate multiplier at a minute of the day, before normalisation. */
function rawMultiplier(workload: Workload, minute: number): number {
  if (workload.constantRate) return 1;
  for (const step of workload.day.profile) {
    if (minute >= clockMinutes(step.from) && minute < clockMinutes(step.to)) return step.rate;
  }
  return 1;
}

/**
 * The day profile as piecewise-constant pieces over the issuing minutes, normalised so
 * that its average over those minutes is 1.
 */
export function profilePieces(workload: Workload): { start: number; end: number; rate: number }[] {
  const { issuing } = dayIntervals(workload);
  const cuts = new Set<number>();
  for (const s of issuing) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  for (const step of workload.day.profile) {
    cuts.add(clockMinutes(step.from));
    cuts.add(clockMinutes(step.to));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces: { start: number; end: number; rate: number }[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const start = sorted[i] as number;
    const end = sorted[i + 1] as number;
    if (!issuing.some((s) => start >= s.start && end <= s.end)) continue;
    pieces.push({ start, end, rate: rawMultiplier(workload, start) });
  }
  const minutes = pieces.reduce((sum, p) => sum + (p.end - p.start), 0);
  const area = pieces.reduce((sum, p) => sum + (p.end - p.start) * p.rate, 0);
  const scale = area > 0 ? minutes / area : 1;
  return pieces.map((p) => ({ ...p, rate: p.rate * scale }));
}

export interface ServiceLoad {
  serviceId: string;
  /** Expected tickets a day. */
  volume: number;
  meanMinutes: number;
  /** Offered load of its own windows over the issuing minutes (for reports). */
  rho: number;
  ownWindows: number;
}

/** Per-service daily volumes and mean service times, resolved against a hall. */
export function serviceLoads(workload: Workload, hall: HallConfig): ServiceLoad[] {
  const { issuing } = dayIntervals(workload);
  const issuingMinutes = issuing.reduce((sum, s) => sum + s.end - s.start, 0);
  const loads: ServiceLoad[] = [];
  for (const [serviceId, load] of Object.entries(workload.services)) {
    const service = hall.services.find((s) => s.id === serviceId);
    if (!service) throw new Error(`workload: service ${serviceId} is not in hall ${hall.id}`);
    const meanMinutes = load.meanMinutes ?? service.expectedMinutes;
    const ownWindows =
      load.windows ?? hall.windows.filter((w) => w.services[0] === serviceId).length;
    const base =
      load.volume ?? ((load.rho ?? 0) * Math.max(1, ownWindows) * issuingMinutes) / meanMinutes;
    const volume = base * load.scale * workload.volumeScale;
    loads.push({
      serviceId,
      volume,
      meanMinutes,
      rho: (volume * meanMinutes) / (Math.max(1, ownWindows) * Math.max(1, issuingMinutes)),
      ownWindows,
    });
  }
  return loads;
}
