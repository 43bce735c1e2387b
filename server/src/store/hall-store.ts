import type { DomainEvent, Ticket, WindowState } from '../../../shared/src/domain';
import { eventTicketId, eventWindowId } from '../../../shared/src/domain';
import type { PublicEvent } from '../../../shared/src/protocol';
import type { Db } from './db';

export interface Actor {
  /** citizen: someone with no account, e.g. rating from the slip's QR page. */
  kind: 'user' | 'device' | 'citizen' | 'system';
  id: string | null;
}

export interface StoredEvent {
  seq: number;
  event: DomainEvent;
  public: PublicEvent;
  actor: Actor;
}

/**
 * The hall's tables: the event log and the projections of tickets and windows. Every
 * write here runs inside the caller's transaction (HallService), never on its own.
 */
export class HallStore {
  private readonly insertEvent;
  private readonly upsertTicket;
  private readonly upsertWindow;
  private readonly expireTicket;
  private readonly setMeta;
  private byRequest: ReturnType<Db['prepare']> | undefined;

  constructor(readonly db: Db) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (seq, at, type, actor_kind, actor_id, ticket_id, window_id, data, public)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.upsertTicket = db.prepare(
      `INSERT INTO tickets (id, day, number, service_id, status, issued_at, request_id, person_key, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id, status = excluded.status, data = excluded.data`,
    );
    this.upsertWindow = db.prepare(
      `INSERT INTO windows (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
    );
    this.expireTicket = db.prepare(
      `UPDATE tickets SET status = 'expired', data = json_set(data, '$.status', 'expired') WHERE id = ?`,
    );
    this.setMeta = db.prepare(
      `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  writeMeta(key: string, value: string): void {
    this.setMeta.run(key, value);
  }

  lastSeq(): number {
    const row = this.db.prepare('SELECT MAX(seq) AS seq FROM events').get() as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  appendEvent(stored: StoredEvent): void {
    const { event } = stored;
    // Positional parameters: binding by name costs a lookup per parameter, per ticket.
    this.insertEvent.run(
      stored.seq,
      event.at,
      event.type,
      stored.actor.kind,
      stored.actor.id,
      eventTicketId(event),
      eventWindowId(event),
      JSON.stringify(event),
      JSON.stringify(stored.public),
    );
  }

  saveTicket(ticket: Ticket): void {
    this.upsertTicket.run(
      ticket.id,
      ticket.day,
      ticket.number,
      ticket.serviceId,
      ticket.status,
      ticket.issuedAt,
      ticket.requestId,
      ticket.personKey,
      JSON.stringify(ticket),
    );
  }

  expireTickets(ids: readonly string[]): void {
    for (const id of ids) this.expireTicket.run(id);
  }

  saveWindow(window: WindowState): void {
    this.upsertWindow.run(window.id, JSON.stringify(window));
  }

  ticketsOfDay(day: string): Ticket[] {
    const rows = this.db.prepare('SELECT data FROM tickets WHERE day = ?').all(day) as {
      data: string;
    }[];
    return rows.map((row) => JSON.parse(row.data) as Ticket);
  }

  ticket(id: string): Ticket | undefined {
    const row = this.db.prepare('SELECT data FROM tickets WHERE id = ?').get(id) as
      { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Ticket) : undefined;
  }

  ticketOfRequest(requestId: string): Ticket | undefined {
    // Every kiosk press asks (a new request id is in no ticket): prepared once.
    this.byRequest ??= this.db.prepare('SELECT data FROM tickets WHERE request_id = ?');
    const row = this.byRequest.get(requestId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Ticket) : undefined;
  }

  windows(): WindowState[] {
    const rows = this.db.prepare('SELECT data FROM windows').all() as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as WindowState);
  }

  /** Public events after `seq`, at most `limit`, in order: a reconnecting client's catch-up. */
  publicEventsAfter(seq: number, limit: number): PublicEvent[] {
    const rows = this.db
      .prepare('SELECT public FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(seq, limit) as { public: string }[];
    return rows.map((row) => JSON.parse(row.public) as PublicEvent);
  }

  /** Today's latest calls, newest last: the hall board's call list after a restart. */
  recentCalls(limit: number): PublicEvent[] {
    const rows = this.db
      .prepare(
        `SELECT public FROM events WHERE type IN ('ticket.called', 'ticket.recalled')
           AND seq > (SELECT COALESCE(MAX(seq), 0) FROM events WHERE type = 'day.started')
         ORDER BY seq DESC LIMIT ?`,
      )
      .all(limit) as { public: string }[];
    return rows.map((row) => JSON.parse(row.public) as PublicEvent).reverse();
  }
}
