import { createPolicy } from '../domain/routing';
import { bundleStats } from './bundle-metrics';
import { simulateDay } from './simulator';
import { generateDay } from './stream';
import { smallHall, smallWorkload } from './test-fixtures';

/** The small hall with two bundles: a → b (wx serves both: one sitting) and c → a (optional b). */
const hall = smallHall({
  bundles: [
    { id: 'ab', name: 'AB', steps: [{ serviceId: 'a' }, { serviceId: 'b' }] },
    {
      id: 'cab',
      name: 'CAB',
      steps: [{ serviceId: 'c' }, { serviceId: 'a' }, { serviceId: 'b', optional: true }],
    },
  ],
});
const plain = smallWorkload({ abandonment: { enabled: false } });
const withBundles = smallWorkload({
  abandonment: { enabled: false },
  bundles: { share: 0.15 },
});

describe('一件事一次办 in the simulator', () => {
  it('adds bundle citizens from their own streams: every other ticket stays as it was', () => {
    const before = generateDay(plain, hall, 5, 1).tickets;
    const after = generateDay(withBundles, hall, 5, 1).tickets;
    const key = (t: (typeof before)[number]) => [t.serviceId, t.arrival, t.serviceMinutes];
    expect(after.filter((t) => !t.bundleId).map(key)).toEqual(before.map(key));
    const bundles = after.filter((t) => t.bundleId);
    expect(bundles.length).toBeGreaterThan(0.1 * before.length);
    for (const t of bundles) {
      expect(t.serviceId).toBe(t.steps?.[0]?.serviceId);
      const ids = t.steps?.map((s) => s.serviceId) ?? [];
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('serves every step of a bundle once, in order, one sitting where a window serves the next', () => {
    const day = simulateDay(hall, withBundles, createPolicy('balanced'), 5, 1);
    const bundled = day.tickets.filter((t) => t.bundle);
    expect(bundled.length).toBeGreaterThan(0);
    for (const record of bundled) {
      const ticket = day.state.tickets.get(record.id);
      const steps = ticket?.bundle?.steps ?? [];
      expect(steps.filter((s) => s.status !== 'skipped')).toHaveLength(record.bundle?.steps ?? -1);
      expect(steps.filter((s) => s.status === 'done')).toHaveLength(record.bundle?.done ?? -1);
      if (record.bundle?.finishedAt !== null) {
        expect(ticket?.status).toBe('done');
        const finished = steps.filter((s) => s.status === 'done').map((s) => s.finishedAt ?? 0);
        expect([...finished].sort((a, b) => a - b)).toEqual(finished);
      }
    }
    const stats = bundleStats([day]);
    expect(stats.finishedShare).toBeGreaterThan(0.8);
    expect(stats.sameSittingShare).toBeGreaterThan(0);
  });

  it('one bundle ticket waits less over all its steps than a new ticket per step', () => {
    const days = [0, 1, 2, 3];
    const run = (mode: 'bundle' | 'separate') =>
      bundleStats(
        days.map((d) =>
          simulateDay(hall, withBundles, createPolicy('fifo'), 11, d, { bundleMode: mode }),
        ),
      );
    const bundle = run('bundle');
    const separate = run('separate');
    expect(bundle.perDay).toBe(separate.perDay);
    expect(separate.sameSittingShare).toBe(0);
    expect(bundle.totalWaitMean).toBeLessThan(separate.totalWaitMean);
    expect(bundle.finishedShare).toBeGreaterThanOrEqual(separate.finishedShare);
  });
});
