import type { Command } from '../domain/commands';
import type { HallConfig, WindowConfig } from '../domain/hall-config';
import type { HallState } from '../domain/hall-state';

/**
 * The live advisor: from the queues and window states now, which window should
 * temporarily take which hot service (临时受理, the core's set-extra-services command):
 * "3号税务窗口临时受理契税". Pure: the hall state and the time in, suggestions out.
 */

export interface LiveOptions {
  /** A service is hot when the head's projected wait reaches this (minutes). */
  hotMinutes: number;
  /** …and at least this many wait. */
  minWaiting: number;
  /** A helper's own queues may project at most this wait (minutes). */
  helperSlackMinutes: number;
  /** Most suggestions at once. */
  maxSuggestions: number;
  /** Most helpers per hot service. */
  maxHelpersPerService: number;
  /** Minutes added to a helper's cost when it is in another area (less likely trained). */
  otherAreaMinutes: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  hotMinutes: 20,
  minWaiting: 3,
  helperSlackMinutes: 5,
  maxSuggestions: 3,
  maxHelpersPerService: 2,
  otherAreaMinutes: 5,
};

export interface LiveSuggestion {
  windowId: string;
  windowNumber: number;
  serviceId: string;
  /** "3号税务窗口临时受理契税" */
  text: string;
  /** Why, in numbers. */
  reason: string;
  /** The hot service's projected wait now, and with this help (minutes). */
  projectedMinutes: number;
  projectedWithHelpMinutes: number;
  /** What a guide sends to make it so. */
  command: Extract<Command, { type: 'set-extra-services' }>;
}

const MINUTE = 60_000;

/** Where a window serves a service: rank in its list, then its extras; -1 if not. */
function rank(state: HallState, window: WindowConfig, serviceId: string): number {
  const r = window.services.indexOf(serviceId);
  if (r >= 0) return r;
  const extra = state.window(window.id)?.extraServiceIds.indexOf(serviceId) ?? -1;
  return extra >= 0 ? window.services.length + extra : -1;
}

/** Staffed capacity of a service in windows: 1 from a window listing it first, 1/(rank + 1) otherwise. */
function capacity(state: HallState, serviceId: string): number {
  let c = 0;
  for (const window of state.config.windows) {
    const status = state.window(window.id)?.status;
    if (status !== 'open' && status !== 'paused') continue;
    const r = rank(state, window, serviceId);
    if (r >= 0) c += 1 / (r + 1);
  }
  return c;
}

/** The head's projected wait: minutes queued + waiting × mean service ÷ capacity. */
function projected(state: HallState, serviceId: string, now: number, extra = 0): number {
  const queue = state.waiting(serviceId);
  const head = queue[0];
  if (!head) return 0;
  const queued = Math.max(0, now - head.issuedAt) / MINUTE;
  const c = capacity(state, serviceId) + extra;
  const work = queue.length * state.meanServiceMinutes(serviceId);
  return queued + (c > 0 ? work / c : work * 2);
}

/** "税务3" → "税务": the kind of window, as guides say it. */
function kindName(window: WindowConfig): string {
  return window.name.replace(/\d+$/, '') || window.name;
}

function serviceName(config: HallConfig, serviceId: string): string {
  return config.services.find((s) => s.id === serviceId)?.name ?? serviceId;
}

/**
 * Suggestions for now, hottest service first. A helper is an open window not serving the
 * hot service whose own queues are light (projected under helperSlackMinutes), preferring
 * idle windows, the same area, and the lightest own load; each window helps one service.
 */
export function suggestTemporaryServices(
  state: HallState,
  now: number,
  options: Partial<LiveOptions> = {},
): LiveSuggestion[] {
  const o = { ...DEFAULT_LIVE_OPTIONS, ...options };
  const config = state.config;
  const hot = config.services
    .map((s) => ({ service: s, minutes: projected(state, s.id, now) }))
    .filter((h) => h.minutes >= o.hotMinutes && state.waiting(h.service.id).length >= o.minWaiting)
    .sort((a, b) => b.minutes - a.minutes || (a.service.id < b.service.id ? -1 : 1));

  const used = new Set<string>();
  const out: LiveSuggestion[] = [];
  for (const { service, minutes } of hot) {
    let helpers = 0;
    let extra = 0;
    while (helpers < o.maxHelpersPerService && out.length < o.maxSuggestions) {
      let best: { window: WindowConfig; cost: number; load: number } | null = null;
      for (const window of config.windows) {
        if (used.has(window.id) || window.kind === 'output' || window.kind === 'escalation')
          continue;
        if (state.window(window.id)?.status !== 'open') continue;
        if (rank(state, window, service.id) >= 0) continue;
        const served = [...window.services, ...(state.window(window.id)?.extraServiceIds ?? [])];
        const load = Math.max(0, ...served.map((s) => projected(state, s, now)));
        if (load > o.helperSlackMinutes) continue;
        const idle = state.displayStatus(window.id) === 'idle' ? 0 : 1;
        const cost = load + idle + (window.areaId === service.areaId ? 0 : o.otherAreaMinutes);
        if (!best || cost < best.cost || (cost === best.cost && window.number < best.window.number))
          best = { window, cost, load };
      }
      if (!best) break;
      // A temporary service comes after the window's own: count half a window of help.
      const after = projected(state, service.id, now, extra + 0.5);
      const window = best.window;
      used.add(window.id);
      extra += 0.5;
      helpers += 1;
      const name = serviceName(config, service.id);
      out.push({
        windowId: window.id,
        windowNumber: window.number,
        serviceId: service.id,
        text: `${window.number}号${kindName(window)}窗口临时受理${name}`,
        reason:
          `${name}等候 ${state.waiting(service.id).length} 人，预计 ${Math.round(minutes)} 分钟；` +
          `${window.number}号窗口本职业务预计 ${Math.round(best.load)} 分钟`,
        projectedMinutes: Math.round(minutes),
        projectedWithHelpMinutes: Math.round(after),
        command: {
          type: 'set-extra-services',
          windowId: window.id,
          serviceIds: [...(state.window(window.id)?.extraServiceIds ?? []), service.id],
        },
      });
      if (after < o.hotMinutes) break;
    }
    if (out.length >= o.maxSuggestions) break;
  }
  return out;
}
