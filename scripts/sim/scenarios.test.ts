import { serviceLoads } from '../../shared/src/sim/workload';
import { loadScenario, SCENARIO_IDS } from './load';

describe('benchmark scenarios S1–S6', () => {
  const scenarios = SCENARIO_IDS.map((id) => loadScenario(id));

  it('load, with valid layouts derived from the reference hall', () => {
    for (const s of scenarios) {
      expect(s.hall.id).toBe('hoxud');
      expect(s.layout.windows).toHaveLength(55);
      expect(s.layout.windows.map((w) => w.id)).toEqual(s.hall.windows.map((w) => w.id));
    }
  });

  it('S1: about 1,300 tickets a day at the WORKLOAD.md loads', () => {
    const s1 = scenarios[0]!;
    const loads = serviceLoads(s1.workload, s1.hall);
    const total = loads.reduce((sum, l) => sum + l.volume, 0);
    expect(total).toBeGreaterThan(1260);
    expect(total).toBeLessThan(1340);
    expect(loads.find((l) => l.serviceId === 'real-estate')?.rho).toBeCloseTo(0.97, 6);
  });

  it('S2 is a peak day, S6 switches the stress on', () => {
    const [s1, s2, , , , s6] = scenarios;
    const volume = (s: typeof s1) =>
      serviceLoads(s!.workload, s!.hall).reduce((sum, l) => sum + l.volume, 0);
    expect(volume(s2) / volume(s1)).toBeGreaterThan(1.14);
    expect(s6!.workload.day.lunch).toBe('carry-over');
    expect(s6!.workload.abandonment.enabled).toBe(true);
    expect(s6!.workload.noShow.share).toBe(0.05);
  });

  it('S3 cross-trains every clerk, S4 converts 10 windows, S5 pools each area', () => {
    const [s1, , s3, s4, s5] = scenarios;
    const flexible = (s: typeof s1) =>
      s!.layout.windows.filter((w) => w.services.length > 1).length;
    expect(flexible(s1)).toBe(2);
    expect(flexible(s3)).toBe(55);
    expect(s4!.layout.windows.filter((w) => w.kind === 'comprehensive')).toHaveLength(12);
    const realEstate = s5!.layout.windows.find((w) => w.id === 'w19');
    expect(realEstate?.services).toEqual(['real-estate', 'housing', 'appraisal']);
  });
});
