import { EventEmitter } from 'node:events';
import { Router } from 'express';
import { z } from 'zod';
import { HallError } from '../../../../shared/src/domain';
import { requirePrincipal } from '../authenticate';
import type { ServerContext } from '../context';
import { parse } from '../errors';

/**
 * Kiosk device status (issue 4): a kiosk reports its printer, ID card reader and scanner
 * (POST /api/devices/status, with its device token) at once when one changes and as a
 * heartbeat; the latest report per device is stored, and a change is pushed to the staff
 * sockets as `device.status`, so the guide console can send someone to change the paper.
 * The request and answer shapes live here until they move to shared/src/protocol.
 */

export const PRINTER_STATES = ['ok', 'paper-out', 'cover-open', 'offline', 'error'] as const;
export const READER_STATES = ['ok', 'offline', 'absent'] as const;
export const SCANNER_STATES = ['ok', 'offline', 'absent'] as const;

export const deviceStatusBody = z
  .object({
    printer: z.enum(PRINTER_STATES),
    /** The roll is nearly used up: still printing. */
    paperNearEnd: z.boolean().default(false),
    reader: z.enum(READER_STATES),
    scanner: z.enum(SCANNER_STATES).default('absent'),
  })
  .strict();
export type DeviceStatusBody = z.infer<typeof deviceStatusBody>;

/** One device's latest report, as staff see it (GET and the `device.status` event). */
export interface DeviceStatusView extends DeviceStatusBody {
  deviceId: string;
  name: string;
  kind: string;
  /** Something a person must see to: no paper, cover open, printer or reader gone. */
  alert: boolean;
  /** ISO time of the latest report (heartbeat). */
  reportedAt: string;
  /** ISO time the status last changed. */
  changedAt: string;
  /** No report for STALE_AFTER_MS: the kiosk itself may be off or cut from the network. */
  stale: boolean;
}

/** Three missed heartbeats (30 s each). */
export const STALE_AFTER_MS = 95_000;

interface Row {
  device_id: string;
  name: string;
  kind: string;
  printer: DeviceStatusBody['printer'];
  paper_near_end: number;
  reader: DeviceStatusBody['reader'];
  scanner: DeviceStatusBody['scanner'];
  reported_at: number;
  changed_at: number;
}

export function needsAttention(status: DeviceStatusBody): boolean {
  return status.printer !== 'ok' || status.reader === 'offline' || status.scanner === 'offline';
}

function toView(row: Row, now: number): DeviceStatusView {
  const status: DeviceStatusBody = {
    printer: row.printer,
    paperNearEnd: row.paper_near_end === 1,
    reader: row.reader,
    scanner: row.scanner,
  };
  return {
    deviceId: row.device_id,
    name: row.name,
    kind: row.kind,
    ...status,
    alert: needsAttention(status),
    reportedAt: new Date(row.reported_at).toISOString(),
    changedAt: new Date(row.changed_at).toISOString(),
    stale: now - row.reported_at > STALE_AFTER_MS,
  };
}

/** Per server (tests run several in one process): realtime.ts forwards these to 'staff'. */
const feeds = new WeakMap<ServerContext, EventEmitter>();
export function deviceStatusFeed(ctx: ServerContext): EventEmitter {
  let feed = feeds.get(ctx);
  if (!feed) {
    feed = new EventEmitter();
    feeds.set(ctx, feed);
  }
  return feed;
}

/**
 * Supervision's device monitor (issue 6), if the server runs it: it takes the paper state
 * for its own warnings (DeviceMonitor.report). Typed by shape, to keep the two apart.
 */
export interface PaperMonitor {
  devices: {
    report(deviceId: string, status: { paper?: 'ok' | 'low' | 'out' | null }): void;
  };
  evaluate(): unknown;
}

export function paperOf(status: DeviceStatusBody): 'ok' | 'low' | 'out' | null {
  if (status.printer === 'paper-out') return 'out';
  if (status.printer !== 'ok') return null; // cover open, offline: the paper is not known
  return status.paperNearEnd ? 'low' : 'ok';
}

export function deviceStatusRoutes(ctx: ServerContext, monitor?: PaperMonitor): Router {
  const router = Router();
  // The hall database: ServerContext has no handle for it, so it is taken from the hall
  // service (bracket access to its private store; ServerContext could carry `db`).
  const db = ctx.db;

  const select = `SELECT s.*, d.name, d.kind FROM device_status s JOIN devices d ON d.id = s.device_id`;

  router.post('/api/devices/status', (req, res) => {
    const principal = requirePrincipal(req, { devices: ['kiosk'] });
    if (principal.kind !== 'device') throw new HallError('FORBIDDEN');
    const body = parse(deviceStatusBody, req.body);
    const now = ctx.now();
    const before = db.prepare(`${select} WHERE s.device_id = ?`).get(principal.deviceId) as
      Row | undefined;
    const same =
      before !== undefined &&
      before.printer === body.printer &&
      before.paper_near_end === (body.paperNearEnd ? 1 : 0) &&
      before.reader === body.reader &&
      before.scanner === body.scanner;
    db.prepare(
      `INSERT INTO device_status (device_id, printer, paper_near_end, reader, scanner, reported_at, changed_at)
       VALUES (@id, @printer, @near, @reader, @scanner, @now, @now)
       ON CONFLICT (device_id) DO UPDATE SET printer = @printer, paper_near_end = @near,
         reader = @reader, scanner = @scanner, reported_at = @now,
         changed_at = CASE WHEN @same THEN changed_at ELSE @now END`,
    ).run({
      id: principal.deviceId,
      printer: body.printer,
      near: body.paperNearEnd ? 1 : 0,
      reader: body.reader,
      scanner: body.scanner,
      now,
      same: same ? 1 : 0,
    });
    const row = db.prepare(`${select} WHERE s.device_id = ?`).get(principal.deviceId) as Row;
    const view = toView(row, now);
    if (!same) {
      deviceStatusFeed(ctx).emit('status', view);
      if (monitor) {
        monitor.devices.report(principal.deviceId, { paper: paperOf(body) });
        monitor.evaluate();
      }
      if (view.alert)
        ctx.log('info', `device ${view.name}: printer ${view.printer}, reader ${view.reader}`);
    }
    res.json(view);
  });

  router.get('/api/devices/status', (req, res) => {
    // Every staff role but the clerk (the guide sends someone to change the paper).
    const principal = req.principal;
    if (!principal) throw new HallError('UNAUTHENTICATED');
    if (principal.kind !== 'user' || principal.role === 'clerk') throw new HallError('FORBIDDEN');
    const now = ctx.now();
    const rows = db.prepare(`${select} WHERE d.revoked_at IS NULL ORDER BY d.name`).all() as Row[];
    res.json({ devices: rows.map((row) => toView(row, now)) });
  });

  return router;
}
