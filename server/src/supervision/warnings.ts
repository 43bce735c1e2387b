import { HallError } from '../../../shared/src/domain';
import { evaluateWarnings, type Warning, type WarningView } from '../../../shared/src/supervision';
import type { Principal } from '../auth/principal';
import type { HallService } from '../hall-service';
import type { Db } from '../store/db';
import type { AuditLog } from './audit';
import type { CaseBook } from './cases';
import type { DeviceMonitor } from './devices';
import type { SupervisionSettings } from './settings';

interface Active {
  id: number;
  warning: Warning;
  raisedAt: number;
  ackBy: string | null;
  ackAt: number | null;
}

interface WarningRow {
  id: number;
  key: string;
  raised_at: number;
  acked_by: string | null;
  acked_at: number | null;
  data: string;
}

export type WarningEmit =
  | { name: 'warning.raised' | 'warning.acknowledged'; payload: WarningView }
  | { name: 'warning.cleared'; payload: { id: number; key: string } };

/**
 * Keeps the hall's warnings: evaluates the pure rules (shared/src/supervision/warnings.ts)
 * on a timer and after every change, records each warning raised and cleared, pushes
 * both to the staff, and logs acknowledgements (who, when). An acknowledged warning stays
 * until its condition clears; if it comes back, it is a new warning and sounds again.
 */
export class WarningCenter {
  private readonly active = new Map<string, Active>();

  constructor(
    private readonly db: Db,
    private readonly hall: HallService,
    private readonly settings: SupervisionSettings,
    private readonly devices: DeviceMonitor,
    private readonly cases: CaseBook,
    private readonly audit: AuditLog,
    private readonly now: () => number,
    private readonly userLabel: (id: string) => string,
    private readonly emit: (message: WarningEmit) => void,
  ) {
    // Warnings still open when the server stopped: the next evaluation clears or keeps them.
    const rows = db
      .prepare('SELECT * FROM warnings WHERE cleared_at IS NULL ORDER BY id')
      .all() as WarningRow[];
    for (const row of rows) {
      this.active.set(row.key, {
        id: row.id,
        warning: JSON.parse(row.data) as Warning,
        raisedAt: row.raised_at,
        ackBy: row.acked_by,
        ackAt: row.acked_at,
      });
    }
  }

  /** Evaluates now; records and pushes what was raised and what cleared. */
  evaluate(): WarningView[] {
    const now = this.now();
    const thresholds = this.settings.thresholds();
    const current = evaluateWarnings({
      state: this.hall.state,
      thresholds,
      now,
      devices: this.devices.statuses(thresholds.deviceOfflineMinutes),
      cases: this.cases.openRefs(),
    });
    const seen = new Set(current.map((w) => w.key));
    const raised: Active[] = [];
    const cleared: Active[] = [];
    this.db.transaction(() => {
      for (const warning of current) {
        const known = this.active.get(warning.key);
        if (known) {
          known.warning = warning;
          continue;
        }
        const result = this.db
          .prepare('INSERT INTO warnings (key, kind, raised_at, data) VALUES (?, ?, ?, ?)')
          .run(warning.key, warning.kind, now, JSON.stringify(warning));
        const active = {
          id: Number(result.lastInsertRowid),
          warning,
          raisedAt: now,
          ackBy: null,
          ackAt: null,
        };
        this.active.set(warning.key, active);
        raised.push(active);
      }
      for (const [key, active] of this.active) {
        if (seen.has(key)) continue;
        this.db.prepare('UPDATE warnings SET cleared_at = ? WHERE id = ?').run(now, active.id);
        this.active.delete(key);
        cleared.push(active);
      }
    })();
    for (const a of cleared)
      this.emit({ name: 'warning.cleared', payload: { id: a.id, key: a.warning.key } });
    for (const a of raised) this.emit({ name: 'warning.raised', payload: this.view(a) });
    return this.list();
  }

  list(): WarningView[] {
    return [...this.active.values()]
      .sort((a, b) => a.raisedAt - b.raisedAt || a.id - b.id)
      .map((a) => this.view(a));
  }

  acknowledge(id: number, by: Principal): WarningView {
    const active = [...this.active.values()].find((a) => a.id === id);
    if (!active) throw new HallError('NOT_FOUND');
    if (active.ackAt === null) {
      const at = this.now();
      const who = by.kind === 'user' ? by.userId : by.deviceId;
      this.db.transaction(() => {
        this.db
          .prepare('UPDATE warnings SET acked_by = ?, acked_at = ? WHERE id = ?')
          .run(who, at, id);
        this.audit.record(by, 'warning.acknowledge', active.warning.key, null, {
          id,
          kind: active.warning.kind,
          text: active.warning.text,
        });
      })();
      active.ackBy = who;
      active.ackAt = at;
      this.emit({ name: 'warning.acknowledged', payload: this.view(active) });
    }
    return this.view(active);
  }

  /** Warnings of a past period, newest first (who acknowledged, when they cleared). */
  history(limit: number): (WarningView & { clearedAt: string | null })[] {
    const rows = this.db
      .prepare('SELECT *, cleared_at FROM warnings ORDER BY id DESC LIMIT ?')
      .all(limit) as (WarningRow & { cleared_at: number | null })[];
    return rows.map((row) => ({
      ...this.view({
        id: row.id,
        warning: JSON.parse(row.data) as Warning,
        raisedAt: row.raised_at,
        ackBy: row.acked_by,
        ackAt: row.acked_at,
      }),
      clearedAt: row.cleared_at === null ? null : new Date(row.cleared_at).toISOString(),
    }));
  }

  private view(a: Active): WarningView {
    return {
      ...a.warning,
      id: a.id,
      raisedAt: new Date(a.raisedAt).toISOString(),
      acknowledged:
        a.ackAt === null || a.ackBy === null
          ? null
          : { by: this.userLabel(a.ackBy), at: new Date(a.ackAt).toISOString() },
    };
  }
}
