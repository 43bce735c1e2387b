import {
  api,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  nextEvent,
  startTestHall,
  type HallSocket,
  type TestHall,
} from '../helpers/hall-server';

/**
 * 一件事一次办 through a real server, SQLite file and socket.io client: one ticket for
 * 企业开办, issued at the kiosk, served at 市场监督管理 then 公安, keeping its issue time
 * and its place; the clerk adds and skips steps; the 一件事 window serves steps in one
 * sitting; all of it survives a restart.
 */
describe('一件事一次办 over the API', () => {
  let hall: TestHall;
  let kiosk: string;
  let market: string;
  let police: string;
  let socket: HallSocket;
  let bundleId = '';

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk-market', 'clerk', '王芳');
    createStaff(hall, 'clerk-police', 'clerk', '李娜');
    createStaff(hall, 'clerk-one', 'clerk', '赵敏');
    const admin = await login(hall.url, 'boss');
    kiosk = await enrollKiosk(hall, admin);
    market = await login(hall.url, 'clerk-market', 'w31');
    police = await login(hall.url, 'clerk-police', 'w36');
    socket = connectSocket(hall.url);
    await nextEvent(socket, 'hall.snapshot');
  });

  afterAll(async () => {
    socket.close();
    await hall.server.close();
  });

  test('the bundles on offer come with their steps and the combined materials, each once', async () => {
    const res = await api(hall.url, 'GET', '/api/bundles');
    expect(res.status).toBe(200);
    const startup = res.body.bundles.find((b: { id: string }) => b.id === 'business-startup');
    expect(startup).toMatchObject({ name: '企业开办', nameEn: 'Starting a business' });
    expect(startup.steps[0]).toMatchObject({ serviceId: 'market-supervision', optional: false });
    expect(new Set(startup.materials).size).toBe(startup.materials.length);
    const services = hall.hall.services;
    for (const step of startup.steps) {
      for (const m of services.find((s) => s.id === step.serviceId)?.materials ?? [])
        expect(startup.materials).toContain(m.trim());
    }
  });

  test('a kiosk issues one ticket for the bundle: step 1, its number and the whole materials list', async () => {
    const res = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'business-startup', channel: 'kiosk', bundleSteps: ['housing-fund'] },
    });
    expect(res.status).toBe(201);
    bundleId = res.body.id;
    expect(res.body).toMatchObject({
      number: 'F001',
      serviceId: 'market-supervision',
      bundle: { id: 'business-startup', name: '企业开办', done: 0, total: 5 },
    });
    expect(res.body.bundle.steps.map((s: { status: string }) => s.status)).toEqual([
      'current',
      'pending',
      'pending',
      'pending',
      'pending',
      'skipped', // bank: optional, not chosen
    ]);
    expect(new Set(res.body.materials).size).toBe(res.body.materials.length);
    expect(res.body.materials.length).toBeGreaterThan(4);
    // Unknown steps and bundles are refused with a code and both languages.
    const bad = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'business-startup', channel: 'kiosk', bundleSteps: ['water'] },
    });
    expect(bad.status).toBe(404);
    expect(bad.body.error).toMatchObject({ code: 'BUNDLE_STEP_NOT_FOUND' });
    expect(bad.body.error.messageZh).toBe('该事项不在这件事的步骤中');
  });

  test('step 1 → step 2 keeps the issue time and the place; the next window is pushed live', async () => {
    const before = (await api(hall.url, 'GET', `/api/tickets/${bundleId}`)).body;
    hall.clock.advance(2);
    // Someone takes a police ticket after the bundle ticket was issued.
    const later = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'police', channel: 'kiosk' },
    });
    expect(later.status).toBe(201);
    hall.clock.advance(3);
    const called = await api(hall.url, 'POST', '/api/windows/w31/next', { token: market });
    expect(called.body.ticket).toMatchObject({ id: bundleId, status: 'called' });
    hall.clock.advance(10);
    const live = nextEvent(socket, 'ticket.step-finished');
    const finished = await api(hall.url, 'POST', '/api/windows/w31/finish', { token: market });
    expect(finished.status).toBe(200);
    expect(finished.body.ticket).toMatchObject({
      id: bundleId,
      number: 'F001',
      status: 'waiting',
      serviceId: 'police',
      issuedAt: before.issuedAt,
      window: null,
      bundle: { done: 1, current: { serviceId: 'police', serviceName: '公安' } },
    });
    // Only w36 of the police windows is open: that is where to go.
    expect(finished.body.ticket.bundle.current.windowNumbers).toEqual([36]);
    expect(finished.body.ticket.ahead).toBe(0);
    expect(await live).toMatchObject({
      type: 'ticket.step-finished',
      number: 'F001',
      windowNumber: 31,
      serviceId: 'market-supervision',
      nextServiceId: 'police',
      nextServiceName: '公安',
      nextWindowNumbers: [36],
      stay: false,
    });
    const w31 = await api(hall.url, 'GET', '/api/windows/w31');
    expect(w31.body.window.status).toBe('idle');
    // The police window calls the bundle ticket before the one issued after it.
    const next = await api(hall.url, 'POST', '/api/windows/w36/next', { token: police });
    expect(next.body.ticket).toMatchObject({ id: bundleId, serviceId: 'police' });
  });

  test('the clerk adds a step the citizen needs and skips one that is not needed', async () => {
    const skipRequired = await api(hall.url, 'POST', '/api/windows/w36/steps/tax/skip', {
      token: police,
    });
    expect(skipRequired.status).toBe(409);
    expect(skipRequired.body.error.code).toBe('BUNDLE_STEP_REQUIRED');
    const skip = await api(hall.url, 'POST', '/api/windows/w36/steps/housing-fund/skip', {
      token: police,
    });
    expect(skip.status).toBe(200);
    expect(
      skip.body.ticket.bundle.steps.find(
        (s: { serviceId: string }) => s.serviceId === 'housing-fund',
      ).status,
    ).toBe('skipped');
    const twice = await api(hall.url, 'POST', '/api/windows/w36/steps', {
      token: police,
      body: { serviceId: 'market-supervision' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('BUNDLE_STEP_EXISTS');
    const unknown = await api(hall.url, 'POST', '/api/windows/w36/steps', {
      token: police,
      body: { serviceId: 'no-such' },
    });
    expect(unknown.status).toBe(404);
    // Another window's clerk may not change it.
    const notMine = await api(hall.url, 'POST', '/api/windows/w36/steps', {
      token: market,
      body: { serviceId: 'human-resources' },
    });
    expect(notMine.status).toBe(403);
    const live = nextEvent(socket, 'ticket.steps-changed');
    const add = await api(hall.url, 'POST', '/api/windows/w36/steps', {
      token: police,
      body: { serviceId: 'human-resources' },
    });
    expect(add.status).toBe(200);
    expect(
      add.body.ticket.bundle.steps.map((s: { serviceId: string; status: string }) => s.serviceId),
    ).toEqual([
      'market-supervision',
      'police',
      'human-resources',
      'tax',
      'social-insurance',
      'housing-fund',
      'bank',
    ]);
    expect(add.body.ticket.bundle.next).toMatchObject({ serviceId: 'human-resources' });
    expect(await live).toMatchObject({
      cause: 'ticket.step-added',
      stepServiceId: 'human-resources',
    });
  });

  test('the 一件事 window serves the following steps in one sitting', async () => {
    hall.clock.advance(5);
    // w36 finishes 公安; the comprehensive window w54 opens and takes the rest.
    await api(hall.url, 'POST', '/api/windows/w36/finish', { token: police });
    // w36 takes the police ticket issued after ours: only the bundle ticket waits now.
    const other = await api(hall.url, 'POST', '/api/windows/w36/next', { token: police });
    expect(other.body.ticket).toMatchObject({ number: 'J001' });
    const one = await login(hall.url, 'clerk-one', 'w54');
    const called = await api(hall.url, 'POST', '/api/windows/w54/next', { token: one });
    expect(called.body.ticket).toMatchObject({ id: bundleId, serviceId: 'human-resources' });
    const seen: string[] = [];
    for (const expected of ['tax', 'social-insurance']) {
      hall.clock.advance(4);
      const res = await api(hall.url, 'POST', '/api/windows/w54/finish', { token: one });
      expect(res.body.ticket).toMatchObject({
        status: 'serving',
        serviceId: expected,
        window: { number: 54 },
      });
      seen.push(res.body.ticket.serviceId);
    }
    hall.clock.advance(4);
    const last = await api(hall.url, 'POST', '/api/windows/w54/finish', { token: one });
    expect(last.body.ticket).toMatchObject({ status: 'done', bundle: { done: 5, total: 5 } });
    expect(seen).toEqual(['tax', 'social-insurance']);
    const w54 = await api(hall.url, 'GET', '/api/windows/w54');
    expect(w54.body.window.status).toBe('idle');
  });

  test('the steps survive a restart', async () => {
    const { dataDir, clock } = hall;
    socket.close();
    await hall.server.close();
    hall = await startTestHall({ dataDir, clock });
    socket = connectSocket(hall.url);
    await nextEvent(socket, 'hall.snapshot');
    const res = await api(hall.url, 'GET', `/api/tickets/${bundleId}`);
    expect(res.body).toMatchObject({ status: 'done', bundle: { id: 'business-startup', done: 5 } });
    expect(
      res.body.bundle.steps.map((s: { windowNumber: number | null }) => s.windowNumber),
    ).toEqual([31, 36, 54, 54, 54, null, null]);
  });

  test('a guide issues a bundle ticket for a citizen at the desk', async () => {
    createStaff(hall, 'guide1', 'guide', '导服员');
    const guide = await login(hall.url, 'guide1');
    const res = await api(hall.url, 'POST', '/api/tickets', {
      token: guide,
      body: { serviceId: 'retirement', channel: 'guide', priority: 'elderly' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      serviceId: 'social-insurance',
      priority: 'elderly',
      bundle: { id: 'retirement', name: '退休', total: 3 },
    });
    const config = await api(hall.url, 'GET', '/api/hall/config');
    expect(config.body.bundles.map((b: { id: string }) => b.id)).toContain('retirement');
  });

  test('the report counts the bundle started and finished, its span and its steps', async () => {
    const admin = await login(hall.url, 'boss');
    const res = await api(hall.url, 'GET', '/api/reports?from=2026-11-23&to=2026-11-23', {
      token: admin,
    });
    expect(res.status).toBe(200);
    const startup = res.body.bundles.find(
      (b: { bundleId: string }) => b.bundleId === 'business-startup',
    );
    // Called at 10:05, last step finished at 10:32 (the test clock).
    expect(startup).toMatchObject({
      started: 1,
      finished: 1,
      unfinished: 0,
      spanMeanMinutes: 27,
    });
    const step = (id: string) =>
      startup.steps.find((s: { serviceId: string }) => s.serviceId === id);
    expect(step('market-supervision')).toMatchObject({
      reached: 1,
      finished: 1,
      waitMeanMinutes: 5,
    });
    // 公安 fell due at 10:15 and was called at once.
    expect(step('police')).toMatchObject({ reached: 1, finished: 1, waitMeanMinutes: 0 });
    // Served at the 一件事 window in one sitting: no wait between its steps.
    expect(step('tax')).toMatchObject({ finished: 1, waitMeanMinutes: 0, stuck: 0 });
    // Each step counts as served for its own service.
    const police = res.body.rows.find((r: { key: string }) => r.key === 'police');
    expect(police.served).toBeGreaterThanOrEqual(1);
  });
});
