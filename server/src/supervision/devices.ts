import type { DeviceStatus, PaperStatus } from '../../../shared/src/supervision';
import type { Accounts } from '../auth/accounts';
import type { HallIo } from '../realtime';
import type { Db } from '../store/db';

interface StoredStatus {
  device_id: string;
  printer: string;
  paper_near_end: number;
  reader: string;
  scanner: string;
  reported_at: number;
}

const PRINTER_FAULTS: Record<string, string> = {
  'cover-open': '打印机机盖未关',
  offline: '打印机未连接',
  error: '打印机故障',
};

/**
 * What supervision knows of the enrolled devices: whether each is in touch, a kiosk's
 * printer paper and faults.
 *
 * - Kiosks report their printer, reader and scanner (POST /api/devices/status, issue 4,
 *   stored in device_status) on every change and as a 30-second heartbeat; that route
 *   also calls `report()` on a change, and the stored reports are read back here, so
 *   nothing is lost over a restart.
 * - Boards, window screens and rating pads keep a socket.io connection; their sockets are
 *   counted here.
 * - Offline is told only for devices that keep in touch that way (a heartbeat or a
 *   socket) and have not been for the threshold. A device that only makes requests (a
 *   caller keypad) cannot be told apart from an idle one, so it is never called offline.
 */
export class DeviceMonitor {
  private readonly sockets = new Map<string, number>();
  private readonly seen = new Map<string, number>();
  private readonly paper = new Map<string, PaperStatus | null>();

  constructor(
    private readonly db: Db,
    private readonly accounts: Accounts,
    private readonly now: () => number,
  ) {}

  /** Counts each device's live sockets. */
  attach(io: HallIo): void {
    io.on('connection', (socket) => {
      const principal = socket.data.principal;
      if (principal?.kind !== 'device') return;
      const id = principal.deviceId;
      this.sockets.set(id, (this.sockets.get(id) ?? 0) + 1);
      this.seen.set(id, this.now());
      socket.on('disconnect', () => {
        this.sockets.set(id, Math.max(0, (this.sockets.get(id) ?? 1) - 1));
        this.seen.set(id, this.now());
      });
    });
  }

  /** A device's own report of its state (the kiosk status route calls this on a change). */
  report(deviceId: string, status: { paper?: PaperStatus | null | undefined }): void {
    this.seen.set(deviceId, this.now());
    if (status.paper !== undefined) this.paper.set(deviceId, status.paper);
  }

  /** Whether a device holds a live connection now (for the admin's device list). */
  connected(deviceId: string): boolean {
    return (this.sockets.get(deviceId) ?? 0) > 0;
  }

  private stored(): Map<string, StoredStatus> {
    try {
      const rows = this.db
        .prepare(
          'SELECT device_id, printer, paper_near_end, reader, scanner, reported_at FROM device_status',
        )
        .all() as StoredStatus[];
      return new Map(rows.map((r) => [r.device_id, r]));
    } catch {
      return new Map(); // a database without the kiosk's table
    }
  }

  statuses(offlineMinutes: number): DeviceStatus[] {
    const now = this.now();
    const reports = this.stored();
    return this.accounts
      .listDevices()
      .filter((d) => d.enrolledAt !== null && d.revokedAt === null)
      .map((d) => {
        const report = reports.get(d.id);
        const times = [
          d.lastSeenAt ? Date.parse(d.lastSeenAt) : null,
          this.seen.get(d.id) ?? null,
          report?.reported_at ?? null,
        ].filter((t): t is number => t !== null);
        const lastSeenAt = times.length > 0 ? Math.max(...times) : null;
        const count = this.sockets.get(d.id);
        const connected = (count ?? 0) > 0;
        const keepsInTouch = count !== undefined || report !== undefined;
        const storedPaper: PaperStatus | null = !report
          ? null
          : report.printer === 'paper-out'
            ? 'out'
            : report.printer !== 'ok'
              ? null
              : report.paper_near_end
                ? 'low'
                : 'ok';
        const faults = report
          ? [
              PRINTER_FAULTS[report.printer],
              report.reader === 'offline' ? '身份证阅读器未连接' : undefined,
              report.scanner === 'offline' ? '扫码器未连接' : undefined,
            ].filter((f): f is string => f !== undefined)
          : [];
        return {
          id: d.id,
          kind: d.kind,
          name: d.name,
          windowId: d.windowId,
          online:
            connected ||
            !keepsInTouch ||
            (lastSeenAt !== null && now - lastSeenAt < offlineMinutes * 60_000),
          lastSeenAt: connected ? now : lastSeenAt,
          paper: this.paper.has(d.id) ? (this.paper.get(d.id) ?? null) : storedPaper,
          fault: faults.length > 0 ? faults.join('，') : null,
        };
      });
  }
}
