import { EventEmitter } from 'node:events';
import {
  HallCore,
  HallState,
  type Command,
  type DomainEvent,
  type HallConfig,
  type RoutingPolicy,
  type Ticket,
} from '../../shared/src/domain';
import {
  callView,
  hallSnapshot,
  publicEvent,
  type CallView,
  type HallSnapshot,
} from '../../shared/src/protocol';
import type { Actor, HallStore, StoredEvent } from './store/hall-store';

const RECENT_CALLS = 20;

/** Commands stored in the open group transaction, waiting for its COMMIT. */
interface Group {
  stored: StoredEvent[];
  /** Run after the COMMIT (error: undefined) or after the whole group was rolled back. */
  waiters: ((error?: unknown) => void)[];
}

/** Every waiter runs (one that throws must not leave the others' answers hanging). */
function runWaiters(waiters: Group['waiters'], error?: unknown): void {
  for (const waiter of waiters) {
    try {
      waiter(error);
    } catch (failure) {
      process.emitWarning(`after a commit: ${String(failure)}`);
    }
  }
}

/**
 * Applies commands to the pure core and makes them durable: each command's events, the
 * tickets and windows they touch, and their sequence numbers are written atomically before
 * anyone hears of them; then they are published. If the write fails, the in-memory state
 * is rebuilt from the database, so the two never disagree.
 *
 * Group commit: one fsync per command caps a hall at the disk's commit rate, so the
 * commands that arrive together (one turn of the event loop) share one BEGIN IMMEDIATE
 * transaction, each in its own SAVEPOINT (a refused or failed command rolls back only
 * itself and gets its own error), committed by a setImmediate right after them: a lone
 * command waits for nothing. Their events are published only after that COMMIT, and the
 * HTTP layer holds every answer until then (`whenDurable`), so nothing is acknowledged
 * before it is on disk. `groupCommit = false` commits each command on its own.
 */
export class HallService {
  private core: HallCore;
  private seq = 0;
  readonly epoch: string;
  private recent: CallView[] = [];
  /** Emits 'events' (StoredEvent[]) after each commit, and 'reconfigured' (HallConfig). */
  readonly published = new EventEmitter();
  /**
   * Run inside each command's transaction, after its events are stored: what must be
   * written with them or not at all (a follow-up case with its rating). A throw rolls the
   * whole command back.
   */
  private readonly inTransaction: ((stored: readonly StoredEvent[]) => void)[] = [];
  private hallConfig: HallConfig;
  /** The open transaction of this turn of the event loop, if any. */
  private group: Group | null = null;
  /** Off: each command in its own transaction, published at once (HALLQ_GROUP_COMMIT=0). */
  groupCommit = true;
  private readonly sql: Record<'begin' | 'commit' | 'rollback', { run(): unknown }>;
  /** storeEvents as a better-sqlite3 transaction, wrapped once (not once per command). */
  private readonly writeCommand: {
    immediate(events: DomainEvent[], actor: Actor): StoredEvent[];
  };

  constructor(
    config: HallConfig,
    private readonly store: HallStore,
    private policy: RoutingPolicy,
    private readonly now: () => number,
    newEpoch: () => string,
  ) {
    this.hallConfig = config;
    this.sql = {
      begin: store.db.prepare('BEGIN IMMEDIATE'),
      commit: store.db.prepare('COMMIT'),
      rollback: store.db.prepare('ROLLBACK'),
    };
    this.writeCommand = store.db.transaction((events: DomainEvent[], actor: Actor) =>
      this.storeEvents(events, actor),
    );
    let epoch = store.meta('epoch');
    if (!epoch) {
      epoch = newEpoch();
      store.writeMeta('epoch', epoch);
    }
    this.epoch = epoch;
    this.core = this.load();
  }

  get state(): HallState {
    return this.core.state;
  }

  /** The hall's configuration now (an administrator may change it: reconfigure). */
  get config(): HallConfig {
    return this.hallConfig;
  }

  /** Adds a step to every command's transaction (see `inTransaction`). */
  onCommit(step: (stored: readonly StoredEvent[]) => void): void {
    this.inTransaction.push(step);
  }

  /**
   * Puts a new configuration into effect without a restart. The caller has checked that
   * it strands nothing (no removed service with active tickets, no removed window open).
   * The core's state is rebuilt from the projections under the new configuration first;
   * then `persist` runs in one immediate transaction (saving the configuration and its
   * audit record); only when that commits does the service switch to the new core. A
   * failure anywhere leaves the hall as it was.
   */
  reconfigure(config: HallConfig, policy: RoutingPolicy, persist: () => void): void {
    this.flush();
    const core = this.load(config, policy);
    this.store.db.transaction(persist).immediate();
    this.hallConfig = config;
    this.policy = policy;
    this.core = core;
    this.published.emit('reconfigured', config);
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Reads the state back from the projections: at start and after a failed write. */
  private load(config = this.hallConfig, policy = this.policy): HallCore {
    const day = this.store.meta('day') ?? '';
    const state = new HallState(config);
    state.restore(day, day ? this.store.ticketsOfDay(day) : [], this.store.windows());
    this.seq = this.store.lastSeq();
    this.recent = this.store.recentCalls(RECENT_CALLS).flatMap((event) => callView(event) ?? []);
    return new HallCore(config, policy, state);
  }

  /** Runs a command: refuses with a HallError, or commits and publishes its events. */
  execute(command: Command, actor: Actor): DomainEvent[] {
    const now = this.now();
    this.rollover(now);
    const events = this.core.decide(command, now);
    if (events.length > 0) this.commit(events, actor);
    return events;
  }

  /** Starts the new local day if midnight has passed (called on every command and by a timer). */
  rollover(now = this.now()): void {
    const events = this.core.rollover(now);
    if (events.length > 0) this.commit(events, { kind: 'system', id: null });
  }

  /** Applies and stores one command's events (run in its own transaction or savepoint). */
  private storeEvents(events: DomainEvent[], actor: Actor): StoredEvent[] {
    const state = this.core.state;
    const out: StoredEvent[] = [];
    for (const event of events) {
      this.core.apply(event);
      const seq = this.seq + 1;
      this.seq = seq;
      const record: StoredEvent = {
        seq,
        event,
        public: publicEvent(state, seq, event),
        actor,
      };
      this.store.appendEvent(record);
      this.project(event);
      out.push(record);
    }
    for (const step of this.inTransaction) step(out);
    return out;
  }

  private commit(events: DomainEvent[], actor: Actor): StoredEvent[] {
    const db = this.store.db;
    let stored: StoredEvent[];
    if (this.groupCommit && !this.group && !db.inTransaction) {
      this.sql.begin.run();
      const group: Group = { stored: [], waiters: [] };
      this.group = group;
      setImmediate(() => {
        if (this.group === group) this.flush();
      });
    }
    try {
      // Inside the group's transaction better-sqlite3 makes this a SAVEPOINT of its own.
      stored = this.writeCommand.immediate(events, actor);
    } catch (error) {
      // Only this command was rolled back: the state is read back with the group's earlier
      // commands in it. Unless SQLite ended the whole transaction (disk full, I/O error).
      if (this.group && !db.inTransaction) this.failGroup(error);
      else this.core = this.load();
      throw error;
    }
    for (const record of stored) {
      if (record.event.type === 'day.started') this.recent = [];
      const call = callView(record.public);
      if (call) this.recent = [...this.recent, call].slice(-RECENT_CALLS);
    }
    if (this.group) this.group.stored.push(...stored);
    else this.published.emit('events', stored);
    return stored;
  }

  /**
   * Commits the open group now, publishes its events, then runs its waiters. Called by the
   * group's setImmediate, and before anything that needs the disk up to date (close,
   * reconfigure). A failed COMMIT rolls the group back: its waiters get the error.
   */
  flush(): void {
    const group = this.group;
    if (!group) return;
    this.group = null;
    try {
      this.sql.commit.run();
    } catch (error) {
      this.group = group;
      this.failGroup(error);
      return;
    }
    if (group.stored.length > 0) this.published.emit('events', group.stored);
    runWaiters(group.waiters);
  }

  private failGroup(error: unknown): void {
    const group = this.group;
    this.group = null;
    const db = this.store.db;
    if (db.inTransaction) this.sql.rollback.run();
    this.core = this.load();
    runWaiters(group?.waiters ?? [], error ?? new Error('rolled back'));
  }

  /**
   * Runs `then` once what the hall has done so far is on disk: at once (returns false) when
   * nothing waits for a COMMIT, else after the group's COMMIT (true), with an error if the
   * group was rolled back instead. Whoever tells the outside world (an HTTP answer, a
   * snapshot) waits for this.
   */
  whenDurable(then: (error?: unknown) => void): boolean {
    if (!this.group) return false;
    this.group.waiters.push(then);
    return true;
  }

  /** Writes what an event changed into the ticket and window tables. */
  private project(event: DomainEvent): void {
    const state = this.core.state;
    if (event.type === 'day.started') {
      this.store.expireTickets(event.expiredTicketIds);
      this.store.writeMeta('day', event.day);
      for (const window of state.windows.values()) this.store.saveWindow(window);
      return;
    }
    const ticketId =
      event.type === 'ticket.issued'
        ? event.ticket.id
        : 'ticketId' in event
          ? event.ticketId
          : null;
    const ticket = ticketId ? state.tickets.get(ticketId) : undefined;
    if (ticket) this.store.saveTicket(ticket);
    const windowIds = new Set<string>();
    if ('windowId' in event && event.windowId) windowIds.add(event.windowId);
    if (event.type === 'ticket.transferred' && event.fromWindowId)
      windowIds.add(event.fromWindowId);
    if (event.type === 'ticket.cancelled' && event.freedWindowId)
      windowIds.add(event.freedWindowId);
    if (ticket?.windowId) windowIds.add(ticket.windowId);
    for (const id of windowIds) {
      const window = state.window(id);
      if (window) this.store.saveWindow(window);
    }
  }

  // ---- reads ----------------------------------------------------------------------

  snapshot(): HallSnapshot {
    return hallSnapshot(this.core.state, {
      epoch: this.epoch,
      seq: this.seq,
      now: this.now(),
      recentCalls: this.recent,
    });
  }

  /** A ticket of today from memory, or an older one from the database. */
  findTicket(id: string): { ticket: Ticket; live: boolean } | undefined {
    const live = this.core.state.tickets.get(id);
    if (live) return { ticket: live, live: true };
    const stored = this.store.ticket(id);
    return stored ? { ticket: stored, live: false } : undefined;
  }

  ticketOfRequest(requestId: string): Ticket | undefined {
    return this.core.state.ticketOfRequest(requestId) ?? this.store.ticketOfRequest(requestId);
  }

  publicEventsAfter(seq: number, limit: number) {
    return this.store.publicEventsAfter(seq, limit);
  }

  get currentTime(): number {
    return this.now();
  }
}
