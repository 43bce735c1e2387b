import type { HallConfig, HallConfigInput } from '../domain/hall-config';
import { parseHallConfig } from '../domain/hall-config-validate';
import { parseWorkload, type Workload, type WorkloadInput } from './workload';

/**
 * Small halls and workloads for the simulator's tests: three services a (hot), b and c
 * (light), specialised windows wa1, wa2, wb, wc and one comprehensive window wx.
 */
export function smallHall(patch: Partial<HallConfigInput> = {}): HallConfig {
  const day = [
    { open: '09:00', close: '12:00' },
    { open: '14:00', close: '17:00' },
  ];
  const service = (id: string, prefix: string, minutes: number, areaId = 'main') => ({
    id,
    name: `业务${prefix}`,
    areaId,
    prefix,
    expectedMinutes: minutes,
    timeLimitMinutes: minutes * 3,
    digits: 4,
  });
  return parseHallConfig({
    id: 'small',
    name: 'Small hall',
    areas: [
      { id: 'main', name: '主区' },
      { id: 'side', name: '侧区' },
    ],
    services: [service('a', 'A', 10), service('b', 'B', 8), service('c', 'C', 6, 'side')],
    windows: [
      { id: 'wa1', number: 1, name: '甲1', kind: 'specialised', areaId: 'main', services: ['a'] },
      { id: 'wa2', number: 2, name: '甲2', kind: 'specialised', areaId: 'main', services: ['a'] },
      { id: 'wb', number: 3, name: '乙', kind: 'specialised', areaId: 'main', services: ['b'] },
      { id: 'wc', number: 4, name: '丙', kind: 'specialised', areaId: 'side', services: ['c'] },
      {
        id: 'wx',
        number: 5,
        name: '综合',
        kind: 'comprehensive',
        areaId: 'main',
        services: ['b', 'a', 'c'],
      },
    ],
    hours: { weekly: [day, day, day, day, day, [], []] },
    ...patch,
  });
}

export function smallWorkload(patch: Partial<WorkloadInput> = {}): Workload {
  return parseWorkload({
    name: 'small',
    day: {
      sessions: [
        { open: '09:00', close: '12:00' },
        { open: '14:00', close: '17:00' },
      ],
      profile: [{ from: '09:30', to: '11:00', rate: 1.5 }],
    },
    services: {
      a: { rho: 0.95, windows: 2 },
      b: { rho: 0.5, windows: 1 },
      c: { rho: 0.3, windows: 1 },
    },
    priority: { share: 0.08 },
    appointments: { share: 0.2 },
    noShow: { share: 0.05 },
    abandonment: { enabled: true },
    pauses: { perHour: 1 },
    ...patch,
  });
}
