import {
  HallConfigError,
  HallError,
  parseHallConfig,
  routingPolicy,
  type HallConfig,
} from '../../../shared/src/domain';
import { diffHallConfig, type ConfigChange } from '../../../shared/src/supervision';
import type { Principal } from '../auth/principal';
import type { HallService } from '../hall-service';
import type { Db } from '../store/db';
import type { AuditLog } from './audit';
import { saveHallConfig } from './config-store';

const STILL_THERE = new Set(['waiting', 'called', 'serving', 'no-show']);

/** Parses a configuration a person sent, or refuses with every problem listed. */
export function parseOrRefuse(input: unknown): HallConfig {
  try {
    return parseHallConfig(input);
  } catch (error) {
    if (!(error instanceof HallConfigError)) throw error;
    throw new HallError('VALIDATION_FAILED', {
      problems: error.problems.map((p) => {
        const at = p.indexOf(': ');
        return at < 0
          ? { path: '', message: p }
          : { path: p.slice(0, at), message: p.slice(at + 2) };
      }),
    });
  }
}

/**
 * What a new configuration would strand today, in words for the administrator: a removed
 * service with citizens still holding its tickets, a removed window still open, a
 * removed service a window has taken on for now, a new time zone with tickets in hand.
 */
export function reconfigureProblems(hall: HallService, next: HallConfig): string[] {
  const state = hall.state;
  const problems: string[] = [];
  const services = new Set(next.services.map((s) => s.id));
  const windows = new Set(next.windows.map((w) => w.id));
  for (const service of hall.config.services) {
    if (services.has(service.id)) continue;
    const held = [...state.tickets.values()].filter(
      (t) =>
        STILL_THERE.has(t.status) &&
        (t.serviceId === service.id ||
          // 一件事一次办: a step still to do would lead the ticket into a queue nobody serves.
          (t.bundle?.steps.some((s) => s.serviceId === service.id && s.status === 'pending') ??
            false)),
    );
    if (held.length > 0)
      problems.push(
        `事项「${service.name}」今天还有 ${held.length} 张未办结的号（${held
          .slice(0, 3)
          .map((t) => t.number)
          .join('、')}），办结后再删除 (service "${service.id}" still has active tickets)`,
      );
    for (const ws of state.windows.values()) {
      if (ws.extraServiceIds.includes(service.id)) {
        const number = hall.config.windows.find((w) => w.id === ws.id)?.number;
        problems.push(
          `${number ?? ws.id}号窗口正在临时受理「${service.name}」，请先取消 (window ${ws.id} takes "${service.id}" for now)`,
        );
      }
    }
  }
  for (const window of hall.config.windows) {
    if (windows.has(window.id)) continue;
    if (state.window(window.id)?.status !== 'closed')
      problems.push(`${window.number}号窗口仍在服务，关闭后再删除 (window "${window.id}" is open)`);
  }
  if (next.timeZone !== hall.config.timeZone) {
    const active = [...state.tickets.values()].filter((t) => STILL_THERE.has(t.status));
    if (active.length > 0)
      problems.push(
        `今天还有 ${active.length} 张未办结的号，时区需在闭厅后修改 (change the time zone after hours)`,
      );
  }
  return problems;
}

/**
 * Puts a configuration into effect now: checks it strands nothing, then saves it and its
 * audit record (entity by entity, before and after) in one transaction with the switch.
 */
export function applyHallConfig(
  db: Db,
  hall: HallService,
  audit: AuditLog,
  next: HallConfig,
  by: Principal,
  now: number,
  action: 'config.update' | 'config.import' | 'config.advisor',
  adjust: (config: HallConfig) => HallConfig = (c) => c,
): ConfigChange[] {
  const effective = adjust(next);
  const problems = reconfigureProblems(hall, effective);
  if (problems.length > 0)
    throw new HallError('VALIDATION_FAILED', {
      problems: problems.map((message) => ({ path: '', message })),
    });
  const changes = diffHallConfig(hall.config, effective);
  if (changes.length === 0) return [];
  hall.reconfigure(effective, routingPolicy(effective.routingPolicy), () => {
    saveHallConfig(db, next, now, by.kind === 'user' ? by.userId : null);
    audit.record(
      by,
      action,
      'hall',
      Object.fromEntries(changes.map((c) => [c.path, c.before])),
      Object.fromEntries(changes.map((c) => [c.path, c.after])),
    );
  });
  return changes;
}
