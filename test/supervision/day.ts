import { RATING_LEVELS } from '../../shared/src/domain';
import { api, type TestHall } from '../helpers/hall-server';
import { ok, seeded } from './helpers';

/** A window's clerk (or caller) as the day runner drives it. */
export interface DayActor {
  windowId: string;
  token: string;
}

interface ActorState {
  current: string | null;
  phase: 'idle' | 'called' | 'serving' | 'paused';
  since: number;
  serveFor: number;
  pauseUntil: number;
}

export interface DayCounters {
  issued: number;
  called: number;
  finished: number;
  noShows: number;
  transfers: number;
  diverts: number;
  cancels: number;
  returns: number;
  ratings: number;
  followUps: number;
  pauses: number;
}

export interface DayOptions {
  kiosk: string;
  guide: string;
  actors: DayActor[];
  /** Service ids and how often each is asked for. */
  services: [string, number][];
  /** Steps of `stepSeconds` the day runs for. */
  steps: number;
  stepSeconds?: number;
  seed?: number;
  /** Chance per step that a citizen takes a ticket. */
  arrivals?: number;
}

/**
 * A realistic stretch of a hall day through the real API with the test clock moving:
 * kiosk issues, guide tickets with priority, 分流, cancels and no-show returns, clerks
 * calling, starting, finishing (some past the time limit), skipping, transferring and
 * pausing, citizens rating (some 不满意). Returns what it did, for sanity checks.
 */
export async function runDay(hall: TestHall, options: DayOptions): Promise<DayCounters> {
  const random = seeded(options.seed ?? 7);
  const step = (options.stepSeconds ?? 20) / 60;
  const counters: DayCounters = {
    issued: 0,
    called: 0,
    finished: 0,
    noShows: 0,
    transfers: 0,
    diverts: 0,
    cancels: 0,
    returns: 0,
    ratings: 0,
    followUps: 0,
    pauses: 0,
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const weighted = () => {
    const total = options.services.reduce((s, [, w]) => s + w, 0);
    let r = random() * total;
    for (const [id, w] of options.services) {
      r -= w;
      if (r <= 0) return id;
    }
    return options.services[0]?.[0] as string;
  };
  const serviceIds = options.services.map(([id]) => id);
  const states = new Map<string, ActorState>(
    options.actors.map((a) => [
      a.windowId,
      { current: null, phase: 'idle', since: 0, serveFor: 0, pauseUntil: 0 },
    ]),
  );
  const noShows: string[] = [];

  for (let i = 0; i < options.steps; i += 1) {
    hall.clock.advance(step);
    const now = hall.clock.time;

    // Citizens arrive at the kiosk; some are helped by the guide with a priority.
    if (random() < (options.arrivals ?? 0.2)) {
      const res = await api(hall.url, 'POST', '/api/tickets', {
        token: options.kiosk,
        body: { serviceId: weighted(), channel: 'kiosk' },
      });
      if (res.status === 201) counters.issued += 1;
    }
    if (random() < 0.04) {
      const res = await api(hall.url, 'POST', '/api/tickets', {
        token: options.guide,
        body: {
          serviceId: weighted(),
          channel: 'guide',
          priority: pick(['elderly', 'disabled', 'pregnant', 'military'] as const),
        },
      });
      if (res.status === 201) counters.issued += 1;
    }
    // The guide moves (分流) or cancels a waiting ticket now and then.
    if (random() < 0.05) {
      const waiting = (
        await ok(hall, 'GET', '/api/tickets?status=waiting', { token: options.guide })
      ).tickets as { id: string; serviceId: string }[];
      if (waiting.length > 0) {
        const ticket = pick(waiting);
        if (random() < 0.7) {
          const to = pick(serviceIds.filter((s) => s !== ticket.serviceId));
          const res = await api(hall.url, 'POST', `/api/tickets/${ticket.id}/divert`, {
            token: options.guide,
            body: { serviceId: to },
          });
          if (res.status === 200) counters.diverts += 1;
        } else {
          await ok(hall, 'POST', `/api/tickets/${ticket.id}/cancel`, {
            token: options.guide,
            body: { reason: '群众离开' },
          });
          counters.cancels += 1;
        }
      }
    }
    if (noShows.length > 0 && random() < 0.05) {
      const id = noShows.shift() as string;
      const res = await api(hall.url, 'POST', `/api/tickets/${id}/return`, {
        token: options.guide,
      });
      if (res.status === 200) counters.returns += 1;
    }

    for (const actor of options.actors) {
      const st = states.get(actor.windowId) as ActorState;
      const path = (action: string) => `/api/windows/${actor.windowId}/${action}`;
      if (st.phase === 'paused') {
        if (now >= st.pauseUntil) {
          await ok(hall, 'POST', path('resume'), { token: actor.token });
          st.phase = 'idle';
          st.since = now;
        }
        continue;
      }
      if (st.phase === 'idle') {
        if (random() < 0.02) {
          const res = await api(hall.url, 'POST', path('pause'), {
            token: actor.token,
            body: { reason: '临时离开' },
          });
          if (res.status === 200) {
            st.phase = 'paused';
            st.pauseUntil = now + (3 + Math.floor(random() * 25)) * 60_000;
            counters.pauses += 1;
          }
          continue;
        }
        const res = await api(hall.url, 'POST', path('next'), { token: actor.token });
        if (res.status === 200) {
          st.current = res.body.ticket.id;
          st.phase = 'called';
          st.since = now;
          counters.called += 1;
        }
        continue;
      }
      if (st.phase === 'called' && now - st.since >= 20_000) {
        const r = random();
        if (r < 0.08) {
          await ok(hall, 'POST', path('no-show'), { token: actor.token });
          noShows.push(st.current as string);
          counters.noShows += 1;
          st.phase = 'idle';
        } else if (r < 0.13) {
          const res = await api(hall.url, 'POST', path('transfer'), {
            token: actor.token,
            body: { serviceId: pick(serviceIds) },
          });
          if (res.status === 200) {
            counters.transfers += 1;
            st.phase = 'idle';
          }
        } else if (r < 0.18) {
          await ok(hall, 'POST', path('finish'), { token: actor.token });
          counters.finished += 1;
          st.phase = 'idle';
        } else {
          await ok(hall, 'POST', path('start'), { token: actor.token });
          st.phase = 'serving';
          st.since = now;
          st.serveFor = (2 + random() * 16) * 60_000;
        }
        if (st.phase === 'idle') st.since = now;
        continue;
      }
      if (st.phase === 'serving' && now - st.since >= st.serveFor) {
        await ok(hall, 'POST', path('finish'), { token: actor.token });
        counters.finished += 1;
        const id = st.current as string;
        st.phase = 'idle';
        st.since = now;
        if (random() < 0.6) {
          const level =
            random() < 0.15 ? pick(RATING_LEVELS.slice(3)) : pick(RATING_LEVELS.slice(0, 3));
          await ok(hall, 'POST', `/api/tickets/${id}/rating`, { body: { level } });
          counters.ratings += 1;
          if (level === 'dissatisfied' || level === 'very-dissatisfied') counters.followUps += 1;
        }
      }
    }
  }
  return counters;
}

/** Finishes whatever the actors still have at their windows, so windows can close. */
export async function settle(hall: TestHall, actors: DayActor[]): Promise<number> {
  let finished = 0;
  for (const actor of actors) {
    const view = await ok(hall, 'GET', `/api/windows/${actor.windowId}`);
    if (view.ticket?.status === 'called' || view.ticket?.status === 'serving') {
      await ok(hall, 'POST', `/api/windows/${actor.windowId}/finish`, { token: actor.token });
      finished += 1;
    }
    if (view.window.status === 'paused')
      await ok(hall, 'POST', `/api/windows/${actor.windowId}/resume`, { token: actor.token });
  }
  return finished;
}
