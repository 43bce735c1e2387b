import type { DomainEvent } from '../domain/events';
import type { HallConfig } from '../domain/hall-config';

/**
 * 一件事一次办 in the supervision report, from the event log alone: per bundle, how many
 * were started and finished, the time from the first call to the last finish, and where
 * they stall: per step, the wait from the step becoming due (issue, or the previous step's
 * finish) to its call, and how many bundles ended the range stuck at it (still waiting,
 * no-show, cancelled or expired). docs/bundles.md defines the figures.
 */

export interface BundleStepReport {
  serviceId: string;
  serviceName: string;
  /** Bundles that reached this step (it became due). */
  reached: number;
  /** Bundles that finished it. */
  finished: number;
  /** Step due → called, minutes, one decimal; 0 when the same window went straight on. */
  waitMeanMinutes: number | null;
  waitMaxMinutes: number | null;
  /** Bundles whose last step reached, unfinished, was this one. */
  stuck: number;
}

export interface BundleReportRow {
  bundleId: string;
  name: string;
  started: number;
  finished: number;
  unfinished: number;
  /** First call → last finish, minutes. */
  spanMeanMinutes: number | null;
  spanMaxMinutes: number | null;
  /** The steps in the bundle's configured order, then any a clerk added. */
  steps: BundleStepReport[];
}

interface Track {
  bundleId: string;
  current: string | null;
  dueAt: number;
  called: boolean;
  firstCalledAt: number | null;
}

interface StepAcc {
  reached: number;
  finished: number;
  waits: number[];
  stuck: number;
}

const minutes = (ms: number) => Math.round(ms / 6000) / 10;
const mean = (values: number[]) =>
  values.length ? minutes(values.reduce((a, b) => a + b, 0) / values.length) : null;
const max = (values: number[]) => (values.length ? minutes(Math.max(...values)) : null);

export function bundleReportTracker(config: HallConfig) {
  const tracks = new Map<string, Track>();
  const rows = new Map<
    string,
    { started: number; finished: number; spans: number[]; steps: Map<string, StepAcc> }
  >();
  const row = (bundleId: string) => {
    let found = rows.get(bundleId);
    if (!found) {
      found = { started: 0, finished: 0, spans: [], steps: new Map() };
      rows.set(bundleId, found);
    }
    return found;
  };
  const step = (bundleId: string, serviceId: string): StepAcc => {
    const steps = row(bundleId).steps;
    let found = steps.get(serviceId);
    if (!found) {
      found = { reached: 0, finished: 0, waits: [], stuck: 0 };
      steps.set(serviceId, found);
    }
    return found;
  };
  const due = (t: Track, serviceId: string, at: number) => {
    t.current = serviceId;
    t.dueAt = at;
    t.called = false;
    step(t.bundleId, serviceId).reached += 1;
  };
  const called = (t: Track, at: number) => {
    if (t.called || !t.current) return;
    t.called = true;
    t.firstCalledAt ??= at;
    step(t.bundleId, t.current).waits.push(at - t.dueAt);
  };

  return {
    add(event: DomainEvent): void {
      if (event.type === 'ticket.issued') {
        const bundle = event.ticket.bundle;
        if (!bundle) return;
        const t: Track = {
          bundleId: bundle.bundleId,
          current: null,
          dueAt: event.at,
          called: false,
          firstCalledAt: null,
        };
        tracks.set(event.ticket.id, t);
        row(bundle.bundleId).started += 1;
        due(t, event.ticket.serviceId, event.ticket.issuedAt);
        return;
      }
      const t = 'ticketId' in event ? tracks.get(event.ticketId) : undefined;
      if (!t || !t.current) return;
      switch (event.type) {
        case 'ticket.called':
          called(t, event.at);
          return;
        case 'ticket.step-finished':
          called(t, event.at);
          step(t.bundleId, event.serviceId).finished += 1;
          due(t, event.nextServiceId, event.at);
          if (event.stay) called(t, event.at);
          return;
        case 'ticket.finished': {
          called(t, event.at);
          step(t.bundleId, t.current).finished += 1;
          const r = row(t.bundleId);
          r.finished += 1;
          if (t.firstCalledAt !== null) r.spans.push(event.at - t.firstCalledAt);
          t.current = null;
          return;
        }
        case 'ticket.transferred':
          // The step moves to another service (or window): due there from now.
          if (event.toServiceId !== t.current || event.toWindowId) {
            step(t.bundleId, t.current).reached -= 1;
            due(t, event.toServiceId, event.at);
          }
          return;
        case 'ticket.returned':
          t.called = false;
          return;
        default:
          return;
      }
    },

    finish(): BundleReportRow[] {
      for (const t of tracks.values()) if (t.current) step(t.bundleId, t.current).stuck += 1;
      const name = (id: string) => config.services.find((s) => s.id === id)?.name ?? id;
      const ids = [
        ...config.bundles.map((b) => b.id),
        ...[...rows.keys()].filter((id) => !config.bundles.some((b) => b.id === id)),
      ];
      return ids.map((bundleId) => {
        const def = config.bundles.find((b) => b.id === bundleId);
        const r = rows.get(bundleId) ?? { started: 0, finished: 0, spans: [], steps: new Map() };
        const order = [
          ...(def?.steps.map((s) => s.serviceId) ?? []),
          ...[...r.steps.keys()].filter((id) => !def?.steps.some((s) => s.serviceId === id)),
        ];
        return {
          bundleId,
          name: def?.name ?? bundleId,
          started: r.started,
          finished: r.finished,
          unfinished: r.started - r.finished,
          spanMeanMinutes: mean(r.spans),
          spanMaxMinutes: max(r.spans),
          steps: order.map((serviceId) => {
            const s = r.steps.get(serviceId) ?? { reached: 0, finished: 0, waits: [], stuck: 0 };
            return {
              serviceId,
              serviceName: name(serviceId),
              reached: s.reached,
              finished: s.finished,
              waitMeanMinutes: mean(s.waits),
              waitMaxMinutes: max(s.waits),
              stuck: s.stuck,
            };
          }),
        };
      });
    },
  };
}
