import { CardHolder } from '../../kiosk/src/device-host/card-holder';
import type { IssueAttempt, IssueRequest } from '../../kiosk/src/bridge/types';
import { sampleCard } from '../../kiosk/src/hardware/id-reader/sim-reader';
import { issueWithRetry, newRequestId } from '../../kiosk/src/renderer/issue';

const TICKET = {
  id: 't1',
  number: 'A001',
  serviceId: 'tax',
  serviceName: '税务',
  priority: null,
  ahead: 0,
  estimatedWaitMinutes: 0,
  issuedAt: '2026-11-23T02:00:00.000Z',
  windowNumbers: [1],
  materials: [],
  statusPath: '/t/t1',
};
const REQUEST: IssueRequest = {
  serviceId: 'tax',
  channel: 'kiosk',
  requestId: 'abcdefgh12345678',
  withCard: false,
};

/** Plays back a list of attempt results and records what was sent. */
function script(results: IssueAttempt[]) {
  const sent: IssueRequest[] = [];
  return {
    sent,
    attempt: async (request: IssueRequest) => {
      sent.push(request);
      const next = results.shift();
      if (!next) throw new Error('no more scripted answers');
      return next;
    },
  };
}

const noSleep = { sleep: async () => undefined };
const down: IssueAttempt = { kind: 'network-error', message: 'TypeError' };

describe('issuing with retries', () => {
  test('201: issued at once', async () => {
    const s = script([{ kind: 'answer', status: 201, body: TICKET }]);
    expect(await issueWithRetry(s.attempt, REQUEST, noSleep)).toEqual({
      kind: 'issued',
      ticket: TICKET,
      replayed: false,
    });
  });

  test('a network error, then the replayed answer: the same requestId every time', async () => {
    const s = script([
      down,
      { kind: 'answer', status: 503, body: null },
      { kind: 'answer', status: 200, body: TICKET },
    ]);
    const retries: number[] = [];
    const outcome = await issueWithRetry(s.attempt, REQUEST, {
      ...noSleep,
      onRetry: (n) => retries.push(n),
    });
    expect(outcome).toMatchObject({ kind: 'issued', replayed: true });
    expect(retries).toEqual([1, 2]);
    expect(s.sent.map((r) => r.requestId)).toEqual(Array(3).fill(REQUEST.requestId));
  });

  test('bounded: after the last retry it gives up, with nothing to print', async () => {
    const s = script([down, down, down, down]);
    const waits: number[] = [];
    const outcome = await issueWithRetry(s.attempt, REQUEST, {
      delaysMs: [10, 20, 40],
      sleep: async (ms) => void waits.push(ms),
    });
    expect(outcome).toEqual({ kind: 'unreachable', attempts: 4 });
    expect(waits).toEqual([10, 20, 40]);
  });

  test('a refusal is final, with the server’s message and details', async () => {
    const error = {
      code: 'ALREADY_HAS_TICKET',
      message: '…',
      messageZh: '您已有该事项的号码，请勿重复取号',
      messageEn: 'This person already holds a ticket for this service',
      details: { number: 'A002' },
    };
    const s = script([{ kind: 'answer', status: 409, body: { error } }]);
    expect(await issueWithRetry(s.attempt, REQUEST, noSleep)).toEqual({
      kind: 'refused',
      status: 409,
      error,
    });
    expect(s.sent).toHaveLength(1);
  });

  test('a 200 that is not an IssuedTicket (a replay of an old day’s key) is not printed', async () => {
    const s = script([
      { kind: 'answer', status: 200, body: { id: 'x', number: 'A001', status: 'done' } },
    ]);
    expect((await issueWithRetry(s.attempt, REQUEST, noSleep)).kind).toBe('refused');
  });

  test('request ids: 22 url-safe characters, all different', () => {
    const ids = new Set(Array.from({ length: 1000 }, newRequestId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('the card holder', () => {
  test('keeps the number and the masked name, nothing else, for a limited time', () => {
    let now = 0;
    const holder = new CardHolder(1000, () => now);
    const card = sampleCard({ name: '欧阳娜娜' });
    expect(holder.hold(card)).toEqual({ maskedName: '欧***' });
    expect(JSON.stringify(holder)).not.toContain('和硕县');
    expect(holder.idNumber()).toBe(card.idNumber);
    now = 900;
    expect(holder.idNumber()).toBe(card.idNumber); // a use renews it
    now = 1800;
    expect(holder.holding).toBe(true);
    now = 3000;
    expect(holder.idNumber()).toBeNull();
    holder.hold(card);
    holder.forget();
    expect(holder.holding).toBe(false);
  });
});
