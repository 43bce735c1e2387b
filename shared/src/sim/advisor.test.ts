import { adviseLayout } from './advisor';
import { smallHall, smallWorkload } from './test-fixtures';

const hall = smallHall();
// a hot (ρ 1.0 on its 2 windows); b and c light.
const workload = smallWorkload({
  services: {
    a: { rho: 1.0, windows: 2 },
    b: { rho: 0.3, windows: 1 },
    c: { rho: 0.3, windows: 1 },
  },
  abandonment: { enabled: false },
});
const options = { seed: 4, searchDays: 2, confirmDays: 4, hotServices: 2, candidateWindows: 3 };

describe('layout advisor', () => {
  it('cross-trains a light clerk for the hot service and predicts shorter waits', () => {
    const advice = adviseLayout(
      hall,
      workload,
      { kind: 'cross-train', clerks: 1, servicesPerClerk: 1 },
      options,
    );
    expect(advice.changes).toHaveLength(1);
    expect(advice.changes[0]).toMatch(/加办 业务A/);
    const trained = advice.layout.windows.filter(
      (w, i) => w.services.length !== hall.windows[i]?.services.length,
    );
    expect(trained).toHaveLength(1);
    expect(advice.recommended.mean.value).toBeLessThan(advice.todayPolicy.mean.value * 0.8);
    expect(advice.todayFifo.days).toBe(4);
    // Deterministic: the same inputs give the same advice.
    const again = adviseLayout(
      hall,
      workload,
      { kind: 'cross-train', clerks: 1, servicesPerClerk: 1 },
      options,
    );
    expect(again.changes).toEqual(advice.changes);
    expect(again.recommended.mean.value).toBe(advice.recommended.mean.value);
  });

  it('gives one clerk at most two extra services with servicesPerClerk 2', () => {
    const advice = adviseLayout(
      hall,
      workload,
      { kind: 'cross-train', clerks: 1, servicesPerClerk: 2 },
      { ...options, confirmDays: 2 },
    );
    const changed = advice.layout.windows.filter(
      (w, i) => w.services.length !== hall.windows[i]?.services.length,
    );
    expect(changed.length).toBeLessThanOrEqual(1);
    for (const w of changed) {
      const before = hall.windows.find((o) => o.id === w.id)?.services.length ?? 0;
      expect(w.services.length - before).toBeLessThanOrEqual(2);
    }
  });

  it('converts windows to comprehensive within the budget', () => {
    const advice = adviseLayout(hall, workload, { kind: 'convert', windows: 1 }, options);
    expect(advice.changes.length).toBeLessThanOrEqual(1);
    expect(
      advice.layout.windows.filter((w) => w.kind === 'comprehensive').length,
    ).toBeLessThanOrEqual(2);
    expect(advice.recommended.mean.value).toBeLessThanOrEqual(advice.todayPolicy.mean.value);
  });
});
