import type { HallState } from '../domain/hall-state';
import { localTime } from '../domain/local-time';
import { hallOpenState } from '../domain/opening-hours';
import type { Ticket } from '../domain/ticket';
import { addDays, startOfDay } from './time';

/**
 * 预警: what supervision warns about, from the hall's state, its configuration (in the
 * state), the thresholds, the devices' status and the follow-up cases, at `now`. Pure;
 * the server evaluates it periodically and after every change, and pushes what was
 * raised and cleared to the staff.
 */

export interface WarningThresholds {
  /** A window idle this long while a queue it serves waits. */
  idleWithQueueMinutes: number;
  /** A pause longer than this. */
  pauseMaxMinutes: number;
  /** A device that has not been in touch for this long (during opening hours). */
  deviceOfflineMinutes: number;
  /** Follow-up deadline in working days (15 by the common 好差评 rule). */
  caseDeadlineWorkingDays: number;
}

export const DEFAULT_THRESHOLDS: WarningThresholds = {
  idleWithQueueMinutes: 5,
  pauseMaxMinutes: 15,
  deviceOfflineMinutes: 5,
  caseDeadlineWorkingDays: 15,
};

export type PaperStatus = 'ok' | 'low' | 'out';

/** What the server knows of an enrolled device. */
export interface DeviceStatus {
  id: string;
  kind: string;
  name: string;
  windowId: string | null;
  /** Connected now, or seen within the offline threshold. */
  online: boolean;
  /** Last moment it was known to be there; null if it never was (not installed yet). */
  lastSeenAt: number | null;
  /** Printer paper, for devices that print (kiosks); null when unknown. */
  paper: PaperStatus | null;
  /** What is broken, in words (打印机机盖未关, 身份证阅读器未连接…); null when nothing. */
  fault?: string | null;
}

export interface OpenCaseRef {
  id: string;
  /** The ticket the case came from, if any (A023). */
  ticketNumber: string | null;
  /** Last day to close it, YYYY-MM-DD (hall-local). */
  deadline: string;
}

export const WARNING_KINDS = [
  'long-wait',
  'idle-with-queue',
  'long-pause',
  'overtime',
  'printer-paper',
  'device-fault',
  'device-offline',
  'case-overdue',
] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export interface Warning {
  /** Stable while the condition lasts: `long-wait:tax`, `long-pause:w03`… */
  key: string;
  kind: WarningKind;
  severity: 'warning' | 'critical';
  /** When the condition began (ms). */
  since: number;
  /** How long, in minutes, when it is a matter of time (the wait, the pause…). */
  minutes: number | null;
  serviceId: string | null;
  windowId: string | null;
  deviceId: string | null;
  caseId: string | null;
  /** One line for people, Chinese. */
  text: string;
}

export interface WarningInput {
  state: HallState;
  thresholds: WarningThresholds;
  now: number;
  devices?: readonly DeviceStatus[];
  cases?: readonly OpenCaseRef[];
}

const MINUTE = 60_000;

const minutesSince = (since: number, now: number) =>
  Math.max(0, Math.floor((now - since) / MINUTE));

export function evaluateWarnings(input: WarningInput): Warning[] {
  const { state, thresholds, now } = input;
  const config = state.config;
  const local = localTime(now, config.timeZone);
  const hours = hallOpenState(config.hours, local);
  const out: Warning[] = [];
  const base = { serviceId: null, windowId: null, deviceId: null, caseId: null, minutes: null };
  const windowLabel = (id: string) => {
    const w = config.windows.find((x) => x.id === id);
    return w ? `${w.number}号窗口（${w.name}）` : id;
  };
  const serviceName = (id: string) => config.services.find((s) => s.id === id)?.name ?? id;

  // Who waits, per service: the longest wait decides (transferred tickets keep issuedAt).
  const oldest = new Map<string, Ticket>();
  for (const ticket of state.tickets.values()) {
    if (ticket.status !== 'waiting') continue;
    const other = oldest.get(ticket.serviceId);
    if (!other || ticket.issuedAt < other.issuedAt) oldest.set(ticket.serviceId, ticket);
  }

  // 1. A service's wait past its waitWarningMinutes.
  for (const service of config.services) {
    const ticket = oldest.get(service.id);
    if (!ticket) continue;
    const limit = service.waitWarningMinutes * MINUTE;
    if (now - ticket.issuedAt < limit) continue;
    const minutes = minutesSince(ticket.issuedAt, now);
    out.push({
      ...base,
      key: `long-wait:${service.id}`,
      kind: 'long-wait',
      severity: now - ticket.issuedAt >= 2 * limit ? 'critical' : 'warning',
      since: ticket.issuedAt + limit,
      minutes,
      serviceId: service.id,
      text: `${service.name}等候已 ${minutes} 分钟（${ticket.number}，预警线 ${service.waitWarningMinutes} 分钟）`,
    });
  }

  for (const window of config.windows) {
    const ws = state.window(window.id);
    if (!ws || ws.status === 'closed') continue;
    const inHours = hours.windowsOpen || ws.extended;

    // 2. Idle while a queue it serves waits.
    if (ws.status === 'open' && !ws.currentTicketId && inHours) {
      const services = [
        ...window.services,
        ...ws.extraServiceIds.filter((s) => !window.services.includes(s)),
      ];
      let queueSince: number | null = null;
      let queued = 0;
      const consider = (t: Ticket) => {
        queued += 1;
        if (queueSince === null || t.issuedAt < queueSince) queueSince = t.issuedAt;
      };
      for (const id of services) state.waiting(id).forEach(consider);
      state.waitingForWindow(window.id).forEach(consider);
      if (queueSince !== null) {
        const since = Math.max(ws.since, queueSince);
        if (now - since >= thresholds.idleWithQueueMinutes * MINUTE) {
          const minutes = minutesSince(since, now);
          out.push({
            ...base,
            key: `idle-with-queue:${window.id}`,
            kind: 'idle-with-queue',
            severity: 'warning',
            since: since + thresholds.idleWithQueueMinutes * MINUTE,
            minutes,
            windowId: window.id,
            text: `${windowLabel(window.id)}空闲 ${minutes} 分钟，但有 ${queued} 人在等候它受理的事项`,
          });
        }
      }
    }

    // 3. Paused too long (lunch breaks do not count: outside hours nobody is expected).
    if (ws.status === 'paused' && inHours) {
      const limit = thresholds.pauseMaxMinutes * MINUTE;
      if (now - ws.since >= limit) {
        const minutes = minutesSince(ws.since, now);
        out.push({
          ...base,
          key: `long-pause:${window.id}`,
          kind: 'long-pause',
          severity: now - ws.since >= 2 * limit ? 'critical' : 'warning',
          since: ws.since + limit,
          minutes,
          windowId: window.id,
          text: `${windowLabel(window.id)}暂停已 ${minutes} 分钟${ws.pauseReason ? `（${ws.pauseReason}）` : ''}，超过允许的 ${thresholds.pauseMaxMinutes} 分钟`,
        });
      }
    }

    // 4. A ticket served past its service's time limit.
    const current = state.currentTicket(window.id);
    if (current && (current.status === 'serving' || current.status === 'called')) {
      const service = config.services.find((s) => s.id === current.serviceId);
      const start = current.startedAt ?? current.calledAt;
      if (service && start !== null) {
        const limit = service.timeLimitMinutes * MINUTE;
        if (now - start > limit) {
          const minutes = minutesSince(start, now);
          out.push({
            ...base,
            key: `overtime:${window.id}:${current.id}`,
            kind: 'overtime',
            severity: now - start >= 2 * limit ? 'critical' : 'warning',
            since: start + limit,
            minutes,
            serviceId: service.id,
            windowId: window.id,
            text: `${windowLabel(window.id)}办理 ${current.number}（${serviceName(service.id)}）已 ${minutes} 分钟，超过办理时限 ${service.timeLimitMinutes} 分钟`,
          });
        }
      }
    }
  }

  // 5. Devices: printer paper, and devices gone during opening hours.
  const hallOpen =
    hours.phase !== 'closed-day' && hours.phase !== 'before-open' && hours.phase !== 'after-close';
  for (const device of input.devices ?? []) {
    if (device.paper === 'out' || device.paper === 'low') {
      out.push({
        ...base,
        key: `printer-paper:${device.id}`,
        kind: 'printer-paper',
        severity: device.paper === 'out' ? 'critical' : 'warning',
        since: device.lastSeenAt ?? now,
        deviceId: device.id,
        windowId: device.windowId,
        text: `${device.name}${device.paper === 'out' ? '打印纸已用完，无法出号' : '打印纸即将用完'}`,
      });
    }
    if (device.fault) {
      out.push({
        ...base,
        key: `device-fault:${device.id}`,
        kind: 'device-fault',
        severity: device.kind === 'kiosk' ? 'critical' : 'warning',
        since: device.lastSeenAt ?? now,
        deviceId: device.id,
        windowId: device.windowId,
        text: `${device.name}：${device.fault}`,
      });
    }
    if (!device.online && device.lastSeenAt !== null && hallOpen) {
      const limit = thresholds.deviceOfflineMinutes * MINUTE;
      if (now - device.lastSeenAt >= limit) {
        const minutes = minutesSince(device.lastSeenAt, now);
        out.push({
          ...base,
          key: `device-offline:${device.id}`,
          kind: 'device-offline',
          severity: device.kind === 'kiosk' ? 'critical' : 'warning',
          since: device.lastSeenAt + limit,
          minutes,
          deviceId: device.id,
          windowId: device.windowId,
          text: `${device.name}已离线 ${minutes} 分钟`,
        });
      }
    }
  }

  // 6. Follow-up cases past their deadline.
  for (const c of input.cases ?? []) {
    if (c.deadline >= local.day) continue;
    out.push({
      ...base,
      key: `case-overdue:${c.id}`,
      kind: 'case-overdue',
      severity: 'critical',
      since: startOfDay(addDays(c.deadline, 1), config.timeZone),
      caseId: c.id,
      text: `回访整改件${c.ticketNumber ? `（${c.ticketNumber}）` : ''}已超期，办结时限 ${c.deadline}`,
    });
  }
  return out;
}
