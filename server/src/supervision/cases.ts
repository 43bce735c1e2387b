import {
  HallError,
  localTime,
  needsFollowUp,
  type DomainEvent,
  type RatingDimension,
  type RatingLevel,
  type Ticket,
} from '../../../shared/src/domain';
import { maskName, maskPhone, maskPiiInText } from '../../../shared/src/pii';
import {
  addWorkingDays,
  workingDaysBetween,
  type CaseEntryView,
  type CaseView,
  type OpenCaseRef,
  type UnresolvedReportBody,
} from '../../../shared/src/supervision';
import type { Principal } from '../auth/principal';
import { newId } from '../auth/tokens';
import type { HallService } from '../hall-service';
import type { StoredEvent } from '../store/hall-store';
import type { Db } from '../store/db';
import type { AuditLog } from './audit';
import type { ContactSeal } from './contact-seal';
import type { SupervisionSettings } from './settings';

interface CaseRow {
  id: string;
  source: 'rating' | 'report';
  source_key: string;
  ticket_id: string | null;
  ticket_number: string | null;
  service_id: string | null;
  window_id: string | null;
  clerk_id: string | null;
  level: RatingLevel | null;
  reasons: string | null;
  matter: string | null;
  citizen_name: string | null;
  contact_masked: string | null;
  contact_sealed: string | null;
  opened_at: number;
  opened_by: string | null;
  deadline: string;
  owner_id: string | null;
  status: 'open' | 'called-back' | 'closed';
  closed_at: number | null;
  resolution: string | null;
}

interface EntryRow {
  at: number;
  author_id: string | null;
  kind: CaseEntryView['kind'];
  text: string | null;
  data: string | null;
}

/** Refusals of case actions: the API's VALIDATION_FAILED with the reason in both languages. */
function refuse(zh: string, en: string): never {
  throw new HallError('VALIDATION_FAILED', { problems: [{ path: '', message: `${zh} (${en})` }] });
}

/**
 * 回访整改 (follow-up cases): every 不满意 / 非常不满意 rating and every 办不成事 report,
 * with a deadline in working days, an owner, notes, callbacks and a closing.
 *
 * A rating's case is written in the rating's own transaction (HallService.onCommit): a
 * rating is never stored without its case. `reconcile` at start opens the case of any
 * rating stored without one (a database from before this feature); source_key is unique,
 * so doing it twice opens nothing twice.
 */
export class CaseBook {
  private readonly insertCase;
  private readonly insertEntry;

  constructor(
    private readonly db: Db,
    private readonly hall: HallService,
    private readonly settings: SupervisionSettings,
    private readonly seal: ContactSeal,
    private readonly audit: AuditLog,
    private readonly now: () => number,
    private readonly users: () => Map<string, { label: string; role: string; disabled: boolean }>,
    private readonly emit: (name: 'case.opened' | 'case.updated', view: CaseView) => void,
  ) {
    this.insertCase = db.prepare(
      `INSERT INTO cases (id, source, source_key, ticket_id, ticket_number, service_id, window_id,
         clerk_id, level, reasons, matter, citizen_name, contact_masked, contact_sealed, opened_at,
         opened_by, deadline, owner_id, status)
       VALUES (@id, @source, @sourceKey, @ticketId, @ticketNumber, @serviceId, @windowId, @clerkId,
         @level, @reasons, @matter, @citizenName, @contactMasked, @contactSealed, @openedAt,
         @openedBy, @deadline, NULL, 'open')
       ON CONFLICT (source_key) DO NOTHING`,
    );
    this.insertEntry = db.prepare(
      'INSERT INTO case_entries (case_id, at, author_id, kind, text, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** The last day of a case opened at `at`: n working days on, holidays and 调休 respected. */
  deadlineFor(at: number): string {
    const config = this.hall.config;
    const day = localTime(at, config.timeZone).day;
    return addWorkingDays(day, this.settings.thresholds().caseDeadlineWorkingDays, config.hours);
  }

  // ---- opening ----------------------------------------------------------------------

  /** The in-transaction step: a case for each 不满意 / 非常不满意 rating among the events. */
  readonly onCommit = (stored: readonly StoredEvent[]): void => {
    for (const record of stored) {
      const event = record.event;
      if (event.type !== 'ticket.rated' || !needsFollowUp(event.level)) continue;
      this.openForRating(event, this.hall.state.tickets.get(event.ticketId) ?? null);
    }
  };

  private openForRating(
    event: Extract<DomainEvent, { type: 'ticket.rated' }>,
    ticket: Pick<Ticket, 'number' | 'serviceId'> | null,
  ): boolean {
    const id = newId(9);
    const result = this.insertCase.run({
      id,
      source: 'rating',
      sourceKey: `rating:${event.ticketId}`,
      ticketId: event.ticketId,
      ticketNumber: ticket?.number ?? null,
      serviceId: ticket?.serviceId ?? null,
      windowId: event.windowId,
      clerkId: event.clerkId,
      level: event.level,
      reasons: JSON.stringify(event.reasons),
      matter: null,
      citizenName: null,
      contactMasked: null,
      contactSealed: null,
      openedAt: event.at,
      openedBy: null,
      deadline: this.deadlineFor(event.at),
    });
    if (result.changes === 0) return false;
    this.insertEntry.run(id, event.at, null, 'opened', null, null);
    return true;
  }

  /** After a commit: tells the staff about the cases the ratings among `stored` opened. */
  announce(stored: readonly StoredEvent[]): void {
    for (const record of stored) {
      const event = record.event;
      if (event.type !== 'ticket.rated' || !needsFollowUp(event.level)) continue;
      const row = this.db
        .prepare('SELECT id FROM cases WHERE source_key = ?')
        .get(`rating:${event.ticketId}`) as { id: string } | undefined;
      if (row) this.emit('case.opened', this.view(row.id));
    }
  }

  /** Opens the case of every follow-up rating stored without one. Returns how many. */
  reconcile(): number {
    const rows = this.db
      .prepare(
        `SELECT e.data, t.data AS ticket FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id
         WHERE e.type = 'ticket.rated'
           AND json_extract(e.data, '$.level') IN ('dissatisfied', 'very-dissatisfied')
           AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.source_key = 'rating:' || e.ticket_id)
         ORDER BY e.seq`,
      )
      .all() as { data: string; ticket: string | null }[];
    let opened = 0;
    this.db.transaction(() => {
      for (const row of rows) {
        const event = JSON.parse(row.data) as Extract<DomainEvent, { type: 'ticket.rated' }>;
        const ticket = row.ticket ? (JSON.parse(row.ticket) as Ticket) : null;
        if (this.openForRating(event, ticket)) opened += 1;
      }
    })();
    return opened;
  }

  /** 办不成事: a clerk or guide files what a citizen could not get done. */
  report(body: UnresolvedReportBody, by: Principal): CaseView {
    const config = this.hall.config;
    if (body.serviceId && !config.services.some((s) => s.id === body.serviceId))
      throw new HallError('SERVICE_NOT_FOUND', { serviceId: body.serviceId });
    if (body.windowId && !config.windows.some((w) => w.id === body.windowId))
      throw new HallError('WINDOW_NOT_FOUND', { windowId: body.windowId });
    const id = newId(9);
    const at = this.now();
    const author = by.kind === 'user' ? by.userId : by.deviceId;
    const ticket = body.ticketNumber
      ? [...this.hall.state.tickets.values()].find((t) => t.number === body.ticketNumber)
      : undefined;
    this.db.transaction(() => {
      this.insertCase.run({
        id,
        source: 'report',
        sourceKey: `report:${id}`,
        ticketId: ticket?.id ?? null,
        ticketNumber: body.ticketNumber ?? null,
        serviceId: body.serviceId ?? ticket?.serviceId ?? null,
        windowId: body.windowId ?? by.windowId ?? null,
        clerkId: ticket?.clerkId ?? null,
        level: null,
        reasons: '[]',
        matter: maskPiiInText(body.matter),
        citizenName: body.citizenName ? maskName(body.citizenName) : null,
        contactMasked: body.contact ? maskPhone(body.contact) : null,
        contactSealed: body.contact ? this.seal.seal(body.contact.replace(/[\s()-]/g, '')) : null,
        openedAt: at,
        openedBy: author,
        deadline: this.deadlineFor(at),
      });
      this.insertEntry.run(id, at, author, 'opened', null, null);
    })();
    const view = this.view(id);
    this.emit('case.opened', view);
    return view;
  }

  // ---- handling ---------------------------------------------------------------------

  private row(id: string): CaseRow {
    const row = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
    if (!row) throw new HallError('NOT_FOUND');
    return row;
  }

  private change(
    id: string,
    by: Principal,
    kind: CaseEntryView['kind'],
    text: string | null,
    data: Record<string, unknown> | null,
    update?: (row: CaseRow) => void,
  ): CaseView {
    const row = this.row(id);
    if (row.status === 'closed') refuse('该件已办结', 'The case is closed');
    this.db.transaction(() => {
      update?.(row);
      this.insertEntry.run(
        id,
        this.now(),
        by.kind === 'user' ? by.userId : null,
        kind,
        text,
        data ? JSON.stringify(data) : null,
      );
    })();
    const view = this.view(id);
    this.emit('case.updated', view);
    return view;
  }

  assign(id: string, ownerId: string | null, by: Principal): CaseView {
    const owner = ownerId ? this.users().get(ownerId) : null;
    if (ownerId && (!owner || owner.disabled || owner.role === 'clerk'))
      refuse(
        '负责人须为在用的管理员、管理者或导服员',
        'The owner must be an active admin, manager or guide',
      );
    return this.change(id, by, 'assigned', owner?.label ?? null, { ownerId }, () => {
      this.db.prepare('UPDATE cases SET owner_id = ? WHERE id = ?').run(ownerId, id);
    });
  }

  note(id: string, text: string, by: Principal): CaseView {
    return this.change(id, by, 'note', text, null);
  }

  callback(
    id: string,
    body: { reached: boolean; satisfied: boolean | null; text: string },
    by: Principal,
  ): CaseView {
    return this.change(
      id,
      by,
      'callback',
      body.text,
      { reached: body.reached, satisfied: body.reached ? body.satisfied : null },
      (row) => {
        if (body.reached && row.status === 'open')
          this.db.prepare(`UPDATE cases SET status = 'called-back' WHERE id = ?`).run(id);
      },
    );
  }

  /** Closing needs a callback on record (回访率 100%). */
  close(id: string, resolution: string, by: Principal): CaseView {
    const callbacks = this.db
      .prepare(`SELECT COUNT(*) AS n FROM case_entries WHERE case_id = ? AND kind = 'callback'`)
      .get(id) as { n: number };
    this.row(id);
    if (callbacks.n === 0) refuse('请先记录回访情况再办结', 'Record a callback before closing');
    return this.change(id, by, 'closed', resolution, null, () => {
      this.db
        .prepare(`UPDATE cases SET status = 'closed', closed_at = ?, resolution = ? WHERE id = ?`)
        .run(this.now(), resolution, id);
    });
  }

  /** The callback number in full, for the owner or a manager; every look is audited. */
  revealContact(id: string, by: Principal): string | null {
    const row = this.row(id);
    const allowed =
      by.kind === 'user' &&
      (by.role === 'admin' || by.role === 'manager' || by.userId === row.owner_id);
    if (!allowed) throw new HallError('FORBIDDEN');
    this.audit.record(by, 'case.reveal-contact', id);
    return row.contact_sealed ? this.seal.open(row.contact_sealed) : null;
  }

  // ---- reads ------------------------------------------------------------------------

  list(status: 'open' | 'closed' | 'all'): CaseView[] {
    const where =
      status === 'open'
        ? `WHERE status != 'closed'`
        : status === 'closed'
          ? `WHERE status = 'closed'`
          : '';
    const rows = this.db
      .prepare(
        `SELECT * FROM cases ${where} ORDER BY status = 'closed', deadline, opened_at LIMIT 500`,
      )
      .all() as CaseRow[];
    const users = this.users();
    const callbacks = this.callbackCounts();
    return rows.map((row) => this.toView(row, users, callbacks.get(row.id) ?? 0));
  }

  view(id: string, withEntries = false): CaseView {
    const row = this.row(id);
    const users = this.users();
    const entries = this.db
      .prepare(
        'SELECT at, author_id, kind, text, data FROM case_entries WHERE case_id = ? ORDER BY id',
      )
      .all(id) as EntryRow[];
    const view = this.toView(row, users, entries.filter((e) => e.kind === 'callback').length);
    if (withEntries) {
      view.entries = entries.map((e) => {
        const data = e.data
          ? (JSON.parse(e.data) as { reached?: boolean; satisfied?: boolean | null })
          : {};
        return {
          at: new Date(e.at).toISOString(),
          author: e.author_id ? (users.get(e.author_id)?.label ?? e.author_id) : null,
          kind: e.kind,
          text: e.text,
          ...(e.kind === 'callback'
            ? { reached: data.reached ?? false, satisfied: data.satisfied ?? null }
            : {}),
        };
      });
    }
    return view;
  }

  /** Open cases, for the overdue warnings. */
  openRefs(): OpenCaseRef[] {
    return (
      this.db
        .prepare(`SELECT id, ticket_number, deadline FROM cases WHERE status != 'closed'`)
        .all() as { id: string; ticket_number: string | null; deadline: string }[]
    ).map((r) => ({ id: r.id, ticketNumber: r.ticket_number, deadline: r.deadline }));
  }

  private callbackCounts(): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT case_id, COUNT(*) AS n FROM case_entries WHERE kind = 'callback' GROUP BY case_id`,
      )
      .all() as { case_id: string; n: number }[];
    return new Map(rows.map((r) => [r.case_id, r.n]));
  }

  private toView(row: CaseRow, users: Map<string, { label: string }>, callbacks: number): CaseView {
    const config = this.hall.config;
    const today = localTime(this.now(), config.timeZone).day;
    const window = config.windows.find((w) => w.id === row.window_id);
    const left = workingDaysBetween(today, row.deadline, config.hours);
    return {
      id: row.id,
      source: row.source,
      ticketNumber: row.ticket_number,
      serviceId: row.service_id,
      serviceName: config.services.find((s) => s.id === row.service_id)?.name ?? row.service_id,
      windowId: row.window_id,
      windowNumber: window?.number ?? null,
      clerk: row.clerk_id ? (users.get(row.clerk_id)?.label ?? null) : null,
      level: row.level,
      reasons: row.reasons ? (JSON.parse(row.reasons) as RatingDimension[]) : [],
      matter: row.matter,
      citizenName: row.citizen_name,
      contact: row.contact_masked,
      openedAt: new Date(row.opened_at).toISOString(),
      deadline: row.deadline,
      workingDaysLeft: left,
      overdue: row.status !== 'closed' && today > row.deadline,
      owner: row.owner_id
        ? { id: row.owner_id, label: users.get(row.owner_id)?.label ?? row.owner_id }
        : null,
      status: row.status,
      callbacks,
      closedAt: row.closed_at === null ? null : new Date(row.closed_at).toISOString(),
      resolution: row.resolution,
    };
  }
}
