import fs from 'node:fs';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { idCheckChar } from '../../shared/src/pii';
import { backupDatabase } from '../../server/src/store/backup';
import { tempDataDir } from '../helpers/hall-server';
import {
  demoDevices,
  freePort,
  killHard,
  spawnServer,
  waitHealthy,
  type ServerProcess,
} from '../helpers/server-process';

/**
 * Promise 6 of issue 7 (PIPL): a simulated busy day with hundreds of real-looking ID
 * numbers (valid check characters, several regions, elderly and young), some mistyped,
 * some in the wrong field, some typed by staff into free-text reasons. Afterwards no full
 * ID number (18 characters, or the 17 digits that determine them) is found, in ASCII or
 * UTF-16, in the database file, its WAL and shared memory, a backup, anything else in the
 * data folder, the server's own output (stdout and stderr, with every request logged),
 * any HTTP answer (bodies and headers), or any socket.io frame.
 */

const REGIONS = ['110101', '310104', '440305', '652828', '510104', '320102', '652801'];
const SERVICES = [
  'tax',
  'social-insurance',
  'police',
  'gas',
  'bank',
  'real-estate',
  'comprehensive',
];

/** A deterministic generator, so the day is the same each run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function idNumbers(count: number, random: () => number): string[] {
  const out = new Set<string>();
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  while (out.size < count) {
    const year = 1935 + Math.floor(random() * 73);
    const first17 = `${REGIONS[Math.floor(random() * REGIONS.length)]}${year}${pad(1 + Math.floor(random() * 12), 2)}${pad(1 + Math.floor(random() * 28), 2)}${pad(Math.floor(random() * 1000), 3)}`;
    out.add(first17 + idCheckChar(first17));
  }
  return [...out];
}

/** Every way a number could show up in bytes. */
function needles(numbers: string[]): { number: string; bytes: Buffer }[] {
  const out: { number: string; bytes: Buffer }[] = [];
  for (const number of numbers) {
    for (const form of new Set([number, number.toLowerCase(), number.slice(0, 17)])) {
      out.push({ number, bytes: Buffer.from(form, 'latin1') });
      out.push({ number, bytes: Buffer.from(form, 'utf16le') });
      out.push({ number, bytes: Buffer.from(form, 'utf16le').swap16() });
    }
  }
  return out;
}

describe('privacy: a busy day leaves no ID number anywhere', () => {
  const dataDir = tempDataDir();
  let server: ServerProcess | null = null;
  const sockets: Socket[] = [];

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (server) await killHard(server.child);
  });

  test('database, WAL, backup, logs, HTTP answers and socket frames hold none', async () => {
    const random = seeded(20261123);
    const people = idNumbers(120, random);
    const mistyped = people.slice(0, 20).map((n) => {
      const wrong = n.slice(0, 17) + (n[17] === '0' ? '1' : '0');
      return idCheckChar(n.slice(0, 17)) === wrong[17] ? n.slice(0, 16) + '99' : wrong;
    });
    const secret = [...people, ...mistyped];

    server = spawnServer(dataDir, await freePort(), { HALLQ_LOG_REQUESTS: '1' });
    await waitHealthy(server);
    const url = server.url;
    const answers: Buffer[] = [];
    const frames: string[] = [];

    /** Every answer is kept, headers and body, exactly as received. */
    const call = async (
      method: string,
      route: string,
      token?: string,
      body?: unknown,
      raw?: string,
    ) => {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${route}`, {
        method,
        headers,
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      answers.push(Buffer.from(JSON.stringify([...res.headers])), bytes);
      let parsed: any = null;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch {
        // a page
      }
      return { status: res.status, body: parsed };
    };
    const login = async (username: string, windowId?: string) =>
      (await call('POST', '/api/auth/login', undefined, { username, password: 'demo', windowId }))
        .body.token as string;

    const devices = demoDevices(dataDir);
    const kiosk = devices.find((d) => d.kind === 'kiosk')?.token as string;
    const board = devices.find((d) => d.kind === 'hall-board')?.token as string;
    const guide = await login('guide');
    const admin = await login('admin');
    const clerkWindows = ['w01', 'w09', 'w36', 'w46', 'w48', 'w19', 'w54', 'w55'];
    const clerks = new Map<string, string>();
    for (const w of clerkWindows) clerks.set(w, await login(`clerk${w.slice(1)}`, w));

    // Displays and consoles listening all day: anonymous, a device, a member of staff.
    for (const auth of [{}, { token: board }, { token: guide }]) {
      const socket = connect(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth,
      });
      socket.io.on('open', () => {
        socket.io.engine.on('packet', (packet: { data?: unknown }) => {
          if (typeof packet.data === 'string') frames.push(packet.data);
        });
      });
      sockets.push(socket);
    }
    await new Promise((r) => setTimeout(r, 300));

    // The day: citizens take tickets with their ID cards at the kiosk and the guide desk.
    let issued = 0;
    const refusals = new Map<string, number>();
    for (let i = 0; i < people.length * 2; i += 1) {
      const person = people[i % people.length] as string;
      const at = i % 7 === 0 ? 'guide' : 'kiosk';
      const typed = i % 5 === 0 ? ` ${person.toLowerCase()} ` : person;
      const res = await call('POST', '/api/tickets', at === 'guide' ? guide : kiosk, {
        serviceId: SERVICES[Math.floor(random() * SERVICES.length)],
        channel: at,
        idNumber: typed,
        requestId: `day-${i}-${at}`,
      });
      if (res.status === 201) issued += 1;
      else refusals.set(res.body?.error?.code, (refusals.get(res.body?.error?.code) ?? 0) + 1);
      if (i % 6 === 0) {
        const w = clerkWindows[i % clerkWindows.length] as string;
        const clerk = clerks.get(w);
        await call('POST', `/api/windows/${w}/finish`, clerk);
        await call('POST', `/api/windows/${w}/next`, clerk);
      }
    }
    expect(issued).toBeGreaterThan(100);
    expect(refusals.get('ALREADY_HAS_TICKET') ?? 0).toBeGreaterThan(0);
    // A person's sixth ticket of the day is refused (daily cap 5).
    const busy = people[0] as string;
    for (const serviceId of [
      'water',
      'heating',
      'housing',
      'housing-fund',
      'bank',
      'appraisal',
      'radio-tv',
    ])
      await call('POST', '/api/tickets', kiosk, { serviceId, channel: 'kiosk', idNumber: busy });

    // Mistakes and misuse: a wrong check digit, a number in every wrong place.
    for (const wrong of mistyped)
      await call('POST', '/api/tickets', kiosk, {
        serviceId: 'tax',
        channel: 'kiosk',
        idNumber: wrong,
      });
    const misplaced = people.slice(20, 32);
    for (const [i, n] of misplaced.entries()) {
      await call('POST', '/api/tickets', kiosk, { serviceId: n, channel: 'kiosk' });
      await call('POST', '/api/tickets', kiosk, { serviceId: 'tax', channel: 'kiosk', [n]: true });
      await call('POST', '/api/tickets', kiosk, {
        serviceId: 'tax',
        channel: 'kiosk',
        requestId: n,
      });
      await call('POST', '/api/tickets', kiosk, {
        serviceId: 'tax',
        channel: 'kiosk',
        requestId: `kiosk-${n}`,
      });
      await call('POST', '/api/tickets', kiosk, undefined, `{"serviceId":"tax","idNumber":"${n}"`);
      await call('GET', `/api/tickets/${n}`);
      await call('GET', `/api/tickets?serviceId=${n}`, guide);
      await call('POST', '/api/auth/login', undefined, { username: n, password: n });
      await call('POST', '/api/windows/w01/transfer', clerks.get('w01'), { serviceId: n });
      await call('POST', '/api/windows/w01/transfer', clerks.get('w01'), { windowId: n });
      // Staff type a citizen's number into free-text reasons.
      const waiting = (await call('GET', '/api/tickets?status=waiting', guide)).body.tickets[0];
      if (waiting && i % 2 === 0)
        await call('POST', `/api/tickets/${waiting.id}/cancel`, guide, {
          reason: `身份证${n}信息不符`,
        });
      if (waiting) await call('POST', `/api/tickets/${waiting.id}/divert`, guide, { serviceId: n });
      const w = 'w48';
      await call('POST', `/api/windows/${w}/finish`, clerks.get(w));
      const paused = await call('POST', `/api/windows/${w}/pause`, clerks.get(w), {
        reason: `核验 ${n}`,
      });
      if (paused.status === 200) await call('POST', `/api/windows/${w}/resume`, clerks.get(w));
    }

    // Everything anyone can read at the end of the day.
    const tickets = (await call('GET', '/api/tickets', guide)).body.tickets as { id: string }[];
    for (const t of tickets) await call('GET', `/api/tickets/${t.id}`);
    for (const route of [
      '/api/hall',
      '/api/hall/config',
      '/api/windows',
      '/api/windows/w01',
      '/api/health',
    ])
      await call('GET', route);
    for (let after = 0; ;) {
      const page = await call('GET', `/api/events?after=${after}&limit=1000`, admin);
      if (!page.body?.events?.length) break;
      after = page.body.events[page.body.events.length - 1].seq;
    }
    for (const route of [
      '/api/users',
      '/api/devices',
      '/api/auth/me',
      '/api/reports',
      '/api/cases',
      '/api/warnings',
      '/api/audit',
      '/api/admin/config',
      '/api/admin/users',
    ])
      await call('GET', route, admin);

    // A backup, and the files as they are on disk now, WAL and all; then a power cut.
    const backupFile = path.join(tempDataDir(), 'day.sqlite');
    await backupDatabase(path.join(dataDir, 'hallq.sqlite'), backupFile);
    const files = new Map<string, Buffer>();
    const readAll = (label: string) => {
      for (const name of fs.readdirSync(dataDir)) {
        const file = path.join(dataDir, name);
        if (fs.statSync(file).isFile()) files.set(`${label}:${name}`, fs.readFileSync(file));
      }
    };
    readAll('running');
    expect([...files.keys()].some((k) => k.endsWith('hallq.sqlite-wal'))).toBe(true);
    await killHard(server.child);
    readAll('killed');
    files.set('backup', fs.readFileSync(backupFile));
    for (const s of sockets) s.close();

    const haystacks: [string, Buffer][] = [
      ...files,
      ['server stdout+stderr', server.output()],
      ['HTTP answers', Buffer.concat(answers)],
      ['socket frames', Buffer.from(frames.join('\n'), 'utf8')],
    ];
    expect(frames.length).toBeGreaterThan(issued);
    expect(server.output().toString('utf8')).toMatch(/POST \/api\/tickets 201/);
    const hits: string[] = [];
    for (const [where, haystack] of haystacks) {
      for (const needle of needles(secret)) {
        const at = haystack.indexOf(needle.bytes);
        if (at >= 0) {
          const context = haystack
            .subarray(Math.max(0, at - 60), at + needle.bytes.length + 20)
            .toString('latin1')
            .replace(/[^\x20-\x7e]/g, '.')
            .replace(needle.bytes.toString('latin1'), '<ID NUMBER>');
          hits.push(`${where}: ${context}`);
        }
      }
    }
    expect(hits).toEqual([]);
  }, 120_000);
});
