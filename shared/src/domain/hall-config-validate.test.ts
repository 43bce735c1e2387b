import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  HALL_SCHEMA_PATH,
  hallConfigJsonSchema,
  hallConfigSchemaText,
} from '../../../scripts/write-hall-schema';
import { WINDOW_KINDS } from './hall-config';
import { HallConfigError, parseHallConfig } from './hall-config-validate';

const ROOT = resolve(__dirname, '..', '..', '..');
const REFERENCE_PATH = resolve(ROOT, 'shared', 'halls', 'hoxud.json');

// A loose view of the JSON, so a test can break it in any way it likes.
type Json = any;

/** A fresh, mutable copy of the reference hall (和硕, 55 windows). */
function reference(): Json {
  return JSON.parse(readFileSync(REFERENCE_PATH, 'utf8'));
}

/** The problems parseHallConfig reports for `input`; fails the test when it accepts it. */
function problemsOf(input: unknown): string[] {
  try {
    parseHallConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(HallConfigError);
    return (error as HallConfigError).problems;
  }
  throw new Error('parseHallConfig accepted an invalid hall');
}

/** The reference hall with one change made by `change`, and the problems it has. */
function problemsAfter(change: (hall: Json) => void): string[] {
  const hall = reference();
  change(hall);
  return problemsOf(hall);
}

describe('the reference hall (shared/halls/hoxud.json)', () => {
  const hall = parseHallConfig(reference());

  it('parses, with the 55 windows and 20 services of seed 003', () => {
    expect(hall.id).toBe('hoxud');
    expect(hall.windows).toHaveLength(55);
    expect(hall.services).toHaveLength(20);
  });

  it('has unique service ids, ticket prefixes, window ids and window numbers', () => {
    const unique = (values: unknown[]): number => new Set(values).size;
    expect(unique(hall.services.map((s) => s.id))).toBe(20);
    expect(unique(hall.services.map((s) => s.prefix))).toBe(20);
    expect(unique(hall.windows.map((w) => w.id))).toBe(55);
    expect(hall.windows.map((w) => w.number)).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
  });

  it('avoids the prefixes I and O, which read as 1 and 0 on a ticket', () => {
    for (const service of hall.services) expect(service.prefix).not.toMatch(/[IO]/);
  });

  it('serves every service, and gives every service a window of its own', () => {
    for (const service of hall.services) {
      const serving = hall.windows.filter((w) => w.services.includes(service.id));
      expect({ service: service.id, served: serving.length > 0 }).toEqual({
        service: service.id,
        served: true,
      });
      const own = hall.windows.filter((w) => w.services[0] === service.id);
      expect({ service: service.id, own: own.length > 0 }).toEqual({
        service: service.id,
        own: true,
      });
    }
  });

  it('has two comprehensive windows that serve their own service first, then all others', () => {
    const comprehensive = hall.windows.filter((w) => w.kind === 'comprehensive');
    expect(comprehensive.map((w) => w.number)).toEqual([54, 55]);
    for (const window of comprehensive) {
      expect(window.services[0]).toBe('comprehensive');
      expect([...window.services].sort()).toEqual(hall.services.map((s) => s.id).sort());
    }
  });

  it('uses only known window kinds', () => {
    for (const window of hall.windows) expect(WINDOW_KINDS).toContain(window.kind);
  });

  it('opens Monday to Friday in two sessions and closes at weekends', () => {
    const weekday = [
      { open: '09:00', close: '12:00' },
      { open: '14:30', close: '17:30' },
    ];
    expect(hall.hours.weekly).toEqual([weekday, weekday, weekday, weekday, weekday, [], []]);
    expect(hall.hours.enforce).toBe(true);
  });

  it('points its $schema at the committed JSON Schema', () => {
    const target = resolve(ROOT, 'shared', 'halls', String(reference().$schema));
    expect(target).toBe(resolve(ROOT, HALL_SCHEMA_PATH));
  });
});

describe('defaults', () => {
  it('fills every optional field of a minimal hall', () => {
    const hall = parseHallConfig({
      id: 'mini',
      name: '示例大厅',
      areas: [{ id: 'main', name: '综合服务区' }],
      services: [
        {
          id: 'general',
          name: '综合事项',
          areaId: 'main',
          prefix: 'A',
          expectedMinutes: 10,
          timeLimitMinutes: 30,
        },
      ],
      windows: [
        {
          id: 'w1',
          number: 1,
          name: '综合1',
          kind: 'comprehensive',
          areaId: 'main',
          services: ['general'],
        },
      ],
      hours: { weekly: [[{ open: '09:00', close: '17:00' }], [], [], [], [], [], []] },
    });
    expect(hall.timeZone).toBe('Asia/Shanghai');
    expect(hall.routingPolicy).toBe('balanced');
    expect(hall.areas[0]?.floor).toBe(1);
    expect(hall.services[0]).toMatchObject({ waitWarningMinutes: 30, materials: [], digits: 3 });
    expect(hall.hours).toMatchObject({
      lastTicketMinutesBeforeClose: 15,
      holidays: [],
      extraWorkdays: [],
      enforce: true,
    });
    expect(hall.rules).toEqual({
      elderlyAge: 65,
      priorityBoostMinutes: {
        appointment: 20,
        elderly: 20,
        disabled: 20,
        pregnant: 20,
        military: 20,
      },
      noShowGraceMinutes: 30,
      noShowMaxReturns: 1,
      dailyCapPerPerson: 5,
      maxRecalls: 3,
    });
  });
});

describe('docs/hall-config.md', () => {
  it('shows a complete example hall that parses', () => {
    const doc = readFileSync(resolve(ROOT, 'docs', 'hall-config.md'), 'utf8');
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
    const halls = blocks.filter((block) => block.includes('"windows": ['));
    expect(halls.length).toBeGreaterThan(0);
    for (const block of halls) expect(() => parseHallConfig(JSON.parse(block))).not.toThrow();
  });
});

describe('docs/hall-config.schema.json', () => {
  it('is the one generated from hall-config.ts (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(resolve(ROOT, HALL_SCHEMA_PATH), 'utf8');
    const fresh = hallConfigSchemaText();
    if (committed !== fresh) {
      throw new Error(
        `${HALL_SCHEMA_PATH} differs from the schema generated from ` +
          'shared/src/domain/hall-config.ts. Run `npm run schema` and commit the result.',
      );
    }
    expect(committed).toBe(fresh);
  });

  it('is deterministic, pretty and identified', () => {
    const text = hallConfigSchemaText();
    expect(hallConfigSchemaText()).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"\$schema": /);
    const schema = JSON.parse(text);
    expect(schema).toEqual(hallConfigJsonSchema());
    // Short lists stay on one line, as Prettier prints them (`npm run format` keeps the file).
    expect(text).toContain('"required": ["id", "name"],');
    expect(Object.keys(schema).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'description']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes the input form: fields with a default are not required', () => {
    const schema = JSON.parse(hallConfigSchemaText());
    expect(schema.required).toEqual(['id', 'name', 'areas', 'services', 'windows', 'hours']);
    expect(schema.properties.timeZone.default).toBe('Asia/Shanghai');
    expect(schema.properties.services.items.required).toEqual([
      'id',
      'name',
      'areaId',
      'prefix',
      'expectedMinutes',
      'timeLimitMinutes',
    ]);
    expect(schema.properties.hours.required).toEqual(['weekly']);
  });
});

describe('parseHallConfig cross-checks', () => {
  it('reports a duplicate ticket prefix', () => {
    expect(problemsAfter((hall) => (hall.services[1].prefix = 'A'))).toEqual([
      'services: prefix "A" is used twice (ticket numbers would collide)',
    ]);
  });

  it('reports a duplicate service id', () => {
    const problems = problemsAfter((hall) =>
      hall.services.push({ ...hall.services[0], prefix: 'Z' }),
    );
    expect(problems).toEqual(['services: id "tax" is used twice']);
  });

  it('reports a duplicate area id', () => {
    const problems = problemsAfter((hall) => hall.areas.push({ id: 'tax', name: '第二税务区' }));
    expect(problems).toEqual(['areas: id "tax" is used twice']);
  });

  it('reports a duplicate window id and a duplicate window number', () => {
    expect(problemsAfter((hall) => (hall.windows[1].id = 'w01'))).toEqual([
      'windows: id "w01" is used twice',
    ]);
    expect(problemsAfter((hall) => (hall.windows[1].number = 1))).toEqual([
      'windows: number 1 is used twice',
    ]);
  });

  it('reports an unknown service on a window, with its position', () => {
    expect(problemsAfter((hall) => hall.windows[0].services.push('passports'))).toEqual([
      'windows.0.services.1: no service "passports"',
    ]);
  });

  it('reports a service listed twice on one window', () => {
    expect(problemsAfter((hall) => hall.windows[2].services.push('tax'))).toEqual([
      'windows.2.services: "tax" is listed twice',
    ]);
  });

  it('reports an unknown area on a window and on a service', () => {
    expect(problemsAfter((hall) => (hall.windows[4].areaId = 'basement'))).toEqual([
      'windows.4.areaId: no area "basement"',
    ]);
    expect(problemsAfter((hall) => (hall.services[3].areaId = 'basement'))).toEqual([
      'services.3.areaId: no area "basement"',
    ]);
  });

  it('reports a service that no window serves', () => {
    const problems = problemsAfter((hall) =>
      hall.services.push({
        id: 'passports',
        name: '出入境',
        areaId: 'police',
        prefix: 'W',
        expectedMinutes: 10,
        timeLimitMinutes: 30,
      }),
    );
    expect(problems).toEqual(['services: no window serves "passports"']);
  });

  it('reports an unknown time zone', () => {
    expect(problemsAfter((hall) => (hall.timeZone = 'Asia/Hoxud'))).toEqual([
      'timeZone: unknown time zone "Asia/Hoxud"',
    ]);
  });

  it('accepts another IANA zone, such as Xinjiang time', () => {
    const hall = reference();
    hall.timeZone = 'Asia/Urumqi';
    expect(parseHallConfig(hall).timeZone).toBe('Asia/Urumqi');
  });

  it('reports a session that closes before it opens, or when it opens', () => {
    expect(
      problemsAfter((hall) => (hall.hours.weekly[2] = [{ open: '12:00', close: '09:00' }])),
    ).toEqual(['hours.weekly.2.0: close 09:00 is not after open 12:00']);
    expect(
      problemsAfter((hall) => (hall.hours.weekly[6] = [{ open: '10:00', close: '10:00' }])),
    ).toEqual(['hours.weekly.6.0: close 10:00 is not after open 10:00']);
  });

  it('reports overlapping sessions and sessions out of order', () => {
    expect(
      problemsAfter(
        (hall) =>
          (hall.hours.weekly[0] = [
            { open: '09:00', close: '12:30' },
            { open: '12:00', close: '17:30' },
          ]),
      ),
    ).toEqual(['hours.weekly.0.1: overlaps the session before it']);
    expect(
      problemsAfter(
        (hall) =>
          (hall.hours.weekly[1] = [
            { open: '14:30', close: '17:30' },
            { open: '09:00', close: '12:00' },
          ]),
      ),
    ).toEqual(['hours.weekly.1.1: overlaps the session before it']);
  });

  it('accepts sessions that touch (one closes when the next opens)', () => {
    const hall = reference();
    hall.hours.weekly[5] = [
      { open: '09:00', close: '12:00' },
      { open: '12:00', close: '13:00' },
    ];
    expect(parseHallConfig(hall).hours.weekly[5]).toHaveLength(2);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsAfter((hall) => {
      hall.services[1].prefix = 'A';
      hall.windows[0].services.push('passports');
      hall.windows[4].areaId = 'basement';
      hall.timeZone = 'Mars/Olympus';
      hall.hours.weekly[0] = [
        { open: '09:00', close: '12:30' },
        { open: '12:00', close: '11:00' },
      ];
    });
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(
      expect.arrayContaining([
        'services: prefix "A" is used twice (ticket numbers would collide)',
        'windows.0.services.1: no service "passports"',
        'windows.4.areaId: no area "basement"',
        'timeZone: unknown time zone "Mars/Olympus"',
        'hours.weekly.0.1: close 11:00 is not after open 12:00',
        'hours.weekly.0.1: overlaps the session before it',
      ]),
    );
  });

  it('puts every problem on its own line of the error message', () => {
    const hall = reference();
    hall.services[1].prefix = 'A';
    hall.timeZone = 'Mars/Olympus';
    expect(() => parseHallConfig(hall)).toThrow(
      'invalid hall configuration:\n' +
        '  - services: prefix "A" is used twice (ticket numbers would collide)\n' +
        '  - timeZone: unknown time zone "Mars/Olympus"',
    );
  });
});

describe('parseHallConfig schema errors', () => {
  it('rejects a prefix "a1" with a HallConfigError naming the field', () => {
    const hall = reference();
    hall.services[0].prefix = 'a1';
    expect(() => parseHallConfig(hall)).toThrow(HallConfigError);
    expect(problemsOf(hall)).toEqual(['services.0.prefix: one or two capital letters']);
  });

  it('lists every schema problem, each with its path', () => {
    const problems = problemsAfter((hall) => {
      hall.services[0].prefix = 'a1';
      hall.services[2].expectedMinutes = 0;
      hall.windows[3].kind = 'vip';
      hall.areas[0].colour = 'red';
      hall.hours.weekly.pop();
      hall.hours.holidays[0] = '2026-1-1';
      hall.rules.elderlyAge = 40;
      hall.routingPolicy = 'random';
    });
    const paths = problems.map((problem) => problem.slice(0, problem.indexOf(': ')));
    expect(paths.sort()).toEqual(
      [
        'areas.0',
        'hours.holidays.0',
        'hours.weekly',
        'routingPolicy',
        'rules.elderlyAge',
        'services.0.prefix',
        'services.2.expectedMinutes',
        'windows.3.kind',
      ].sort(),
    );
    expect(problems).toContain('areas.0: Unrecognized key: "colour"');
    expect(problems).toContain('hours.holidays.0: YYYY-MM-DD');
  });

  it('reports a missing required field', () => {
    expect(problemsAfter((hall) => delete hall.hours)).toEqual([expect.stringMatching(/^hours: /)]);
  });

  it('reports input that is not an object at the root', () => {
    expect(problemsOf(null)).toEqual([expect.stringMatching(/^\(root\): /)]);
    expect(problemsOf([])).toEqual([expect.stringMatching(/^\(root\): /)]);
  });
});
