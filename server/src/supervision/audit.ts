import type { AuditEntryView } from '../../../shared/src/supervision';
import type { Principal } from '../auth/principal';
import type { Db } from '../store/db';

/** Who did it: a logged-in person, a device, or the server itself. */
export type AuditActor = Principal | { kind: 'system' };

interface AuditRow {
  id: number;
  at: number;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
}

/**
 * The audit log of supervision and administration (who, when, what, before, after). The
 * hall's own changes are in the event log; this holds everything else people change:
 * the configuration, users, devices, thresholds, acknowledgements, case actions. Rows are
 * only ever added.
 */
export class AuditLog {
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, target, before, after)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(
    actor: AuditActor,
    action: string,
    target: string | null,
    before: unknown = null,
    after: unknown = null,
  ): number {
    const [id, name] =
      actor.kind === 'user'
        ? [actor.userId, actor.username]
        : actor.kind === 'device'
          ? [actor.deviceId, actor.name]
          : [null, 'system'];
    const result = this.insert.run(
      this.now(),
      actor.kind,
      id,
      name,
      action,
      target,
      before === null || before === undefined ? null : JSON.stringify(before),
      after === null || after === undefined ? null : JSON.stringify(after),
    );
    return Number(result.lastInsertRowid);
  }

  list(options: { limit: number; before?: number | undefined; action?: string }): AuditEntryView[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log WHERE id < ? ${options.action ? 'AND action = ?' : ''}
         ORDER BY id DESC LIMIT ?`,
      )
      .all(
        ...[options.before ?? Number.MAX_SAFE_INTEGER, ...(options.action ? [options.action] : [])],
        options.limit,
      ) as AuditRow[];
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: r.actor_name ?? r.actor_kind,
      action: r.action,
      target: r.target,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
    }));
  }
}
