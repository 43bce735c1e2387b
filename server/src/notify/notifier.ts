import { HallError, type Channel, type HallConfig, type Ticket } from '../../../shared/src/domain';
import { ticketsAhead } from '../../../shared/src/domain/estimate';
import {
  issuedTicketView,
  type IssuedTicket,
  type FinishedTicket,
  type TicketNotices,
} from '../../../shared/src/protocol';
import { maskPhone, maskPiiInText } from '../../../shared/src/pii';
import { newId } from '../auth/tokens';
import type { HallService } from '../hall-service';
import type { Logger } from '../log';
import type { Actor, StoredEvent } from '../store/hall-store';
import type { Db } from '../store/db';
import type { Statement } from 'better-sqlite3';
import type { PhoneVault } from './phone-vault';
import { SmsSendError, type SmsGateway } from './sms-gateway';

/** A ticket with this many or fewer ahead gets the "soon" notice (无声叫号). */
export const NEAR_AHEAD = 3;
/**
 * The service collection tickets queue for: the first service of the hall's first output
 * window (kind 'output'); a hall without output windows hands results out at its
 * comprehensive windows (综合窗口出件, as the reform seeds put it), so their first service;
 * null when the hall has neither.
 */
export function outputServiceId(config: HallConfig): string | null {
  const output = config.windows.find((w) => w.kind === 'output');
  const comprehensive = config.windows.find((w) => w.kind === 'comprehensive');
  return (output ?? comprehensive)?.services[0] ?? null;
}
const hasOutputWindows = (config: HallConfig): boolean =>
  config.windows.some((w) => w.kind === 'output');
/**
 * What to bring to collect a result in a hall without output windows: the collection
 * ticket is then a comprehensive-service ticket, whose materials are for applying.
 */
const COLLECTION_MATERIALS = ['本人身份证原件', '代领：授权委托书及代领人身份证原件'];
/** Where the SMS sends the citizen: the output windows, or the comprehensive ones. */
const collectionWindowsName = (config: HallConfig): string =>
  hasOutputWindows(config) ? '出件窗口' : '综合窗口';
const MOBILE = /^1[3-9]\d{9}$/;
const CALLED_BEFORE = `SELECT 1 FROM sms_outbox WHERE ticket_id = ? AND kind = 'called' LIMIT 1`;
const isCollection = (ticket: Ticket) => ticket.requestId?.startsWith('collect-') ?? false;
const MAX_ATTEMPTS = 8;

export type NoticeKind = 'near' | 'called' | 'ready';

/**
 * 无声叫号 by SMS and 综合窗口出件. Notices are written to a durable outbox in the same
 * transaction as the event that causes them (HallService.onCommit), keyed by ticket and
 * notice, so each goes at most once even across restarts; a sender sends them after the
 * commit, retrying with backoff. Texts carry the ticket number and window only: no name,
 * no ID number, no phone number.
 */
export class Notifier {
  /** Tickets of today with a phone, so a commit looks only at them (id → sealed phone). */
  private readonly watched = new Map<string, string>();
  private readonly backoffUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private sending = false;
  /** A notice was queued since the sender last looked. */
  private queued = false;
  private phoneQueries: Statement[] | null = null;
  private readonly statements = new Map<string, Statement>();
  private again = false;
  private inFlight: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly hall: HallService,
    private readonly vault: PhoneVault,
    private readonly gateway: SmsGateway | null,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    for (const ticket of hall.state.tickets.values()) {
      if (ticket.status !== 'waiting' && ticket.status !== 'called') continue;
      const sealed = this.sealedPhoneOf(ticket.id);
      if (sealed) this.watched.set(ticket.id, sealed);
    }
    hall.onCommit((stored) => this.afterEvents(stored));
    // After a commit that queued a notice: most commits queue none and cost nothing here.
    hall.published.on('events', () => {
      if (this.queued) this.kick();
    });
    this.kick();
  }

  get smsAvailable(): boolean {
    return this.gateway !== null;
  }

  /** The sealed phone for a ticket: left on the status page, or the booking's (预约办). */
  sealedPhoneOf(ticketId: string): string | null {
    // Prepared once: this runs in every issuing command's transaction.
    this.phoneQueries ??= [
      this.db.prepare('SELECT phone_sealed FROM ticket_phones WHERE ticket_id = ?'),
      this.db.prepare('SELECT phone_sealed FROM bookings WHERE ticket_id = ?'),
    ];
    for (const query of this.phoneQueries) {
      const row = query.get(ticketId) as { phone_sealed: string } | undefined;
      if (row) return row.phone_sealed;
    }
    return null;
  }

  private maskedPhoneOf(ticketId: string): string | null {
    const sealed = this.sealedPhoneOf(ticketId);
    if (!sealed) return null;
    try {
      return maskPhone(this.vault.decryptPhone(sealed));
    } catch {
      return null;
    }
  }

  /** Runs inside each command's transaction: queue the notices its events cause. */
  private afterEvents(stored: readonly StoredEvent[]): void {
    if (!this.gateway) return;
    for (const { event } of stored) {
      if (event.type === 'ticket.issued') {
        const sealed = this.sealedPhoneOf(event.ticket.id);
        if (sealed) this.watched.set(event.ticket.id, sealed);
      }
    }
    if (this.watched.size === 0) return;
    const state = this.hall.state;
    for (const [ticketId, sealed] of this.watched) {
      const ticket = state.tickets.get(ticketId);
      if (!ticket || (ticket.status !== 'waiting' && ticket.status !== 'called')) {
        this.watched.delete(ticketId);
        continue;
      }
      this.checkTicket(ticket, sealed);
    }
  }

  private checkTicket(ticket: Ticket, sealed: string): void {
    const hallName = this.hall.config.name;
    if (ticket.status === 'called' && ticket.windowId) {
      // Once per window: a recall sends nothing, a call at the next window (转交, the next
      // step of a 一件事 bundle) does.
      const window = this.hall.config.windows.find((w) => w.id === ticket.windowId);
      this.enqueue(
        `${ticket.id}:called:${ticket.windowId}`,
        ticket.id,
        'called',
        sealed,
        `【${hallName}】请${ticket.number}号到${window?.number ?? ''}号窗口办理`,
      );
    } else if (ticket.status === 'waiting' && !this.hasKey(`${ticket.id}:near`)) {
      if (this.stmt(CALLED_BEFORE).get(ticket.id)) return; // called once: "soon" is past
      const ahead = ticketsAhead(this.hall.state, ticket);
      if (ahead <= NEAR_AHEAD) {
        this.enqueue(
          `${ticket.id}:near`,
          ticket.id,
          'near',
          sealed,
          `【${hallName}】您的${ticket.number}号即将叫到，前面还有${ahead}人，请留意叫号`,
        );
      }
    }
  }

  /** Once per key: a second insert with the same key is ignored. */
  private enqueue(
    key: string,
    ticketId: string,
    kind: NoticeKind,
    sealed: string,
    body: string,
  ): void {
    if (this.hasKey(key)) return; // settled or queued: not even the text again
    this.stmt(
      `INSERT OR IGNORE INTO sms_outbox (key, ticket_id, kind, phone_sealed, body, status, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
    ).run(key, ticketId, kind, sealed, maskPiiInText(body), this.now());
    this.queued = true;
  }

  private hasKey(key: string): boolean {
    return this.stmt('SELECT 1 FROM sms_outbox WHERE key = ?').get(key) !== undefined;
  }

  /** Statements prepared once: the near check runs in every command's transaction. */
  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  // ---- the status page's SMS form -------------------------------------------------

  /** Stores the citizen's phone (sealed) for a ticket of today; answers the masked form. */
  registerPhone(ticketId: string, raw: string): string {
    if (!this.gateway) throw new HallError('SMS_NOT_AVAILABLE');
    const ticket = this.hall.state.tickets.get(ticketId);
    if (!ticket) throw new HallError('TICKET_NOT_FOUND');
    const phone = raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
    if (!MOBILE.test(phone)) throw new HallError('PHONE_INVALID');
    const sealed = this.vault.encryptPhone(phone);
    this.hall.flush(); // our own write, not inside the hall's open group
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO ticket_phones (ticket_id, phone_sealed, phone_masked, created_at)
           VALUES (?, ?, ?, ?)
           ON CONFLICT (ticket_id) DO UPDATE SET phone_sealed = excluded.phone_sealed,
             phone_masked = excluded.phone_masked`,
        )
        .run(ticketId, sealed, maskPhone(phone), this.now());
      // Unsent notices of this ticket go to the new number.
      this.db
        .prepare(
          `UPDATE sms_outbox SET phone_sealed = ? WHERE ticket_id = ? AND status = 'pending'`,
        )
        .run(sealed, ticketId);
      if (ticket.status === 'waiting' || ticket.status === 'called') {
        this.watched.set(ticketId, sealed);
        this.checkTicket(ticket, sealed);
      }
    })();
    this.kick();
    return maskPhone(phone);
  }

  notices(ticketId: string): TicketNotices {
    const ready = this.db
      .prepare('SELECT ready_at, collection_ticket_id FROM collections WHERE ticket_id = ?')
      .get(ticketId) as { ready_at: number; collection_ticket_id: string | null } | undefined;
    const collected = ready?.collection_ticket_id
      ? this.hall.findTicket(ready.collection_ticket_id)?.ticket
      : undefined;
    return {
      smsAvailable: this.smsAvailable,
      smsPhone: this.maskedPhoneOf(ticketId),
      readyForCollection: ready ? new Date(ready.ready_at).toISOString() : null,
      collection: collected
        ? { id: collected.id, number: collected.number, statusPath: `/t/${collected.id}` }
        : null,
    };
  }

  // ---- 出件: results ready for collection -------------------------------------------

  /** Today's tickets finished at a window, latest first, with their 出件 state (clerk list). */
  finishedAt(windowId: string, limit = 20): FinishedTicket[] {
    const done = [...this.hall.state.tickets.values()]
      .filter((t) => t.status === 'done' && t.windowId === windowId && !isCollection(t))
      .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0))
      .slice(0, limit);
    const ready = this.db.prepare('SELECT ready_at FROM collections WHERE ticket_id = ?');
    return done.map((t) => {
      const row = ready.get(t.id) as { ready_at: number } | undefined;
      return {
        id: t.id,
        number: t.number,
        serviceName: this.hall.config.services.find((s) => s.id === t.serviceId)?.name ?? '',
        finishedAt: new Date(t.finishedAt ?? 0).toISOString(),
        readyForCollection: row ? new Date(row.ready_at).toISOString() : null,
      };
    });
  }

  /** A clerk marks a finished case's result as ready; the citizen is told (page, SMS). */
  markReady(ticketId: string, actor: Actor): TicketNotices {
    const found = this.hall.findTicket(ticketId);
    if (!found) throw new HallError('TICKET_NOT_FOUND');
    if (found.ticket.status !== 'done') throw new HallError('TICKET_NOT_FINISHED');
    // A collection ticket's own result is the certificate handed over: nothing to collect.
    if (isCollection(found.ticket)) throw new HallError('TICKET_NOT_FINISHED');
    const service = this.hall.config.services.find((s) => s.id === found.ticket.serviceId);
    this.hall.flush();
    this.db.transaction(() => {
      const added = this.db
        .prepare(
          'INSERT OR IGNORE INTO collections (ticket_id, ready_at, ready_by) VALUES (?, ?, ?)',
        )
        .run(ticketId, this.now(), actor.id);
      const sealed = this.sealedPhoneOf(ticketId);
      if (added.changes > 0 && sealed && this.gateway) {
        this.enqueue(
          `${ticketId}:ready`,
          ticketId,
          'ready',
          sealed,
          `【${this.hall.config.name}】您${found.ticket.number}号办理的${service?.name ?? ''}业务已可取件，请凭号票到${collectionWindowsName(this.hall.config)}领取`,
        );
      }
    })();
    this.kick();
    return this.notices(ticketId);
  }

  /**
   * Issues (once) the collection ticket for a ready result: an ordinary ticket of the
   * output service, so it queues for the output windows; the phone goes with it.
   */
  collect(ticketId: string, channel: Channel, actor: Actor): IssuedTicket {
    const ready = this.db
      .prepare('SELECT collection_ticket_id FROM collections WHERE ticket_id = ?')
      .get(ticketId) as { collection_ticket_id: string | null } | undefined;
    if (!ready) {
      if (!this.hall.findTicket(ticketId)) throw new HallError('TICKET_NOT_FOUND');
      throw new HallError('NOT_READY_FOR_COLLECTION');
    }
    const serviceId = outputServiceId(this.hall.config);
    if (!serviceId) throw new HallError('NO_OUTPUT_SERVICE');
    const requestId = `collect-${ticketId}`;
    let issued = this.hall.ticketOfRequest(requestId);
    if (!issued) {
      const id = newId();
      this.hall.execute(
        {
          type: 'issue',
          ticketId: id,
          serviceId,
          bundleId: null,
          bundleSteps: null,
          channel,
          priority: null,
          person: null,
          requestId,
        },
        actor,
      );
      this.hall.flush();
      issued = this.hall.state.tickets.get(id);
      if (!issued) throw new Error('collection ticket is not in the state');
      const sealed = this.sealedPhoneOf(ticketId);
      const masked = this.db
        .prepare('SELECT phone_masked FROM ticket_phones WHERE ticket_id = ?')
        .get(ticketId) as { phone_masked: string } | undefined;
      this.db.transaction(() => {
        this.db
          .prepare('UPDATE collections SET collection_ticket_id = ? WHERE ticket_id = ?')
          .run(issued?.id, ticketId);
        if (sealed) {
          this.db
            .prepare(
              `INSERT OR IGNORE INTO ticket_phones (ticket_id, phone_sealed, phone_masked, created_at)
               VALUES (?, ?, ?, ?)`,
            )
            .run(issued?.id, sealed, masked?.phone_masked ?? '', this.now());
          this.watched.set(issued?.id ?? '', sealed);
        }
      })();
    }
    const live = this.hall.state.tickets.get(issued.id);
    if (!live) throw new HallError('TICKET_NOT_FOUND');
    // An output service's own materials are the hall's list for collecting; keep them.
    const view = issuedTicketView(this.hall.state, live);
    return hasOutputWindows(this.hall.config) && view.materials.length > 0
      ? view
      : { ...view, materials: [...COLLECTION_MATERIALS] };
  }

  // ---- the sender -----------------------------------------------------------------

  /** Sends what is due, soon; never inside an open transaction (it may still roll back). */
  private kick(delayMs = 0): void {
    if (this.closed || !this.gateway) return;
    // A round already due sooner covers this one; one due later (a backoff) is brought forward.
    const at = performance.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.sending) {
        this.again = true; // the running round looks again when done
        return;
      }
      this.inFlight = this.sendDue().catch((error: unknown) => {
        this.log('error', `SMS outbox: ${maskPiiInText((error as Error).message)}`);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async sendDue(): Promise<void> {
    if (this.sending || this.closed || !this.gateway) return;
    if (this.db.inTransaction) {
      this.kick(20);
      return;
    }
    this.sending = true;
    this.again = false;
    this.queued = false;
    let next: number | null = null;
    let tried = 0;
    try {
      const rows = this.db
        .prepare(
          `SELECT key, phone_sealed, body, attempts FROM sms_outbox
           WHERE status = 'pending' ORDER BY created_at, key LIMIT 50`,
        )
        .all() as { key: string; phone_sealed: string; body: string; attempts: number }[];
      for (const row of rows) {
        if (this.closed) break;
        const wait = (this.backoffUntil.get(row.key) ?? 0) - performance.now();
        if (wait > 0) {
          next = Math.min(next ?? wait, wait);
          continue;
        }
        const retryIn = await this.sendOne(row);
        if (retryIn !== null) next = Math.min(next ?? retryIn, retryIn);
        tried += 1;
      }
      if (rows.length === 50 && tried > 0) next = 0; // more may wait behind these
    } finally {
      this.sending = false;
    }
    if (this.again) next = 0;
    if (next !== null && !this.closed) this.kick(next);
  }

  /** Sends one message; answers the delay before its retry, or null when it is settled. */
  private async sendOne(row: {
    key: string;
    phone_sealed: string;
    body: string;
    attempts: number;
  }): Promise<number | null> {
    let to: string;
    try {
      to = this.vault.decryptPhone(row.phone_sealed);
    } catch {
      this.settle(row.key, 'failed', row.attempts, 'the phone number cannot be unsealed');
      return null;
    }
    try {
      await this.gateway?.send({ id: row.key, to, text: row.body });
    } catch (error) {
      const attempts = row.attempts + 1;
      const retry = !(error instanceof SmsSendError) || error.retry;
      const message = maskPiiInText((error as Error).message);
      if (!retry || attempts >= MAX_ATTEMPTS) {
        this.settle(row.key, 'failed', attempts, message);
        this.log('warn', `SMS to ${maskPhone(to)} failed for good: ${message}`);
        return null;
      }
      this.settle(row.key, 'pending', attempts, message);
      const delay = Math.min(30_000, 250 * 2 ** (attempts - 1));
      this.backoffUntil.set(row.key, performance.now() + delay);
      return delay;
    }
    this.backoffUntil.delete(row.key);
    this.settle(row.key, 'sent', row.attempts + 1, null);
    return null;
  }

  private settle(
    key: string,
    status: 'pending' | 'sent' | 'failed',
    attempts: number,
    error: string | null,
  ): void {
    // Committed now, outside the hall's open group: a rolled-back group must not unsend it,
    // and the next round must not find it pending.
    this.hall.flush();
    this.db
      .prepare(
        'UPDATE sms_outbox SET status = ?, attempts = ?, last_error = ?, sent_at = ? WHERE key = ?',
      )
      .run(status, attempts, error, status === 'sent' ? this.now() : null, key);
  }

  /** Stops sending; waits for a message on its way, so its outcome is written down. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }
}
