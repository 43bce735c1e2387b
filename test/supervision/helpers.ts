import { parseHallConfig, type HallConfig } from '../../shared/src/domain';
import { api, type TestHall } from '../helpers/hall-server';

const SESSIONS = [
  { open: '09:00', close: '12:00' },
  { open: '14:30', close: '17:30' },
];

/**
 * A small hall for supervision tests: two areas, four services (one of them 帮办代办),
 * five windows of four kinds, the 2026 National Day holidays and make-up days.
 */
export function smallHall(): HallConfig {
  return parseHallConfig({
    id: 'small',
    name: '测试县政务服务中心',
    areas: [
      { id: 'main', name: '综合服务区' },
      { id: 'property', name: '不动产服务区' },
    ],
    services: [
      {
        id: 'tax',
        name: '税务',
        areaId: 'main',
        prefix: 'A',
        expectedMinutes: 10,
        timeLimitMinutes: 12,
        waitWarningMinutes: 15,
      },
      {
        id: 'social',
        name: '社保',
        areaId: 'main',
        prefix: 'B',
        expectedMinutes: 8,
        timeLimitMinutes: 10,
      },
      {
        id: 'property',
        name: '不动产登记',
        areaId: 'property',
        prefix: 'D',
        expectedMinutes: 15,
        timeLimitMinutes: 20,
      },
      {
        id: 'help',
        name: '帮办代办',
        areaId: 'main',
        prefix: 'H',
        expectedMinutes: 15,
        timeLimitMinutes: 30,
      },
    ],
    windows: [
      {
        id: 'w1',
        number: 1,
        name: '税务1',
        kind: 'specialised',
        areaId: 'main',
        services: ['tax'],
      },
      {
        id: 'w2',
        number: 2,
        name: '社保1',
        kind: 'specialised',
        areaId: 'main',
        services: ['social'],
      },
      {
        id: 'w3',
        number: 3,
        name: '不动产1',
        kind: 'classified',
        areaId: 'property',
        services: ['property'],
      },
      {
        id: 'w4',
        number: 4,
        name: '综合窗口',
        kind: 'comprehensive',
        areaId: 'main',
        services: ['tax', 'social', 'property'],
      },
      {
        id: 'w5',
        number: 5,
        name: '帮办代办',
        kind: 'help',
        areaId: 'main',
        services: ['help', 'tax', 'social'],
      },
    ],
    hours: {
      weekly: [SESSIONS, SESSIONS, SESSIONS, SESSIONS, SESSIONS, [], []],
      holidays: [
        '2026-09-25',
        '2026-10-01',
        '2026-10-02',
        '2026-10-05',
        '2026-10-06',
        '2026-10-07',
      ],
      extraWorkdays: ['2026-09-20', '2026-10-10'],
    },
  });
}

/** Monday 2026-11-23 09:00 in Shanghai. */
export const MONDAY_9AM = Date.UTC(2026, 10, 23, 1, 0);

/** A deterministic random source (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A call that must succeed. */
export async function ok<T = any>(
  hall: TestHall,
  method: string,
  route: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const res = await api<T>(hall.url, method, route, options);
  if (res.status >= 300)
    throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
