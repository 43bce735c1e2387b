import type { HallConfig } from '../../../shared/src/domain';
import type { SupervisionSocketEvents } from '../../../shared/src/supervision';
import type { Accounts } from '../auth/accounts';
import type { HallService } from '../hall-service';
import type { Logger } from '../log';
import type { HallIo } from '../realtime';
import type { Db } from '../store/db';
import type { StoredEvent } from '../store/hall-store';
import { AdvisorJobs } from './advisor-jobs';
import { AuditLog } from './audit';
import { CaseBook } from './cases';
import { ContactSeal } from './contact-seal';
import { DeviceMonitor } from './devices';
import { SupervisionSettings } from './settings';
import { StaffAdmin, staffLabel } from './staff';
import { WarningCenter, type WarningEmit } from './warnings';

export interface SupervisionOptions {
  db: Db;
  hall: HallService;
  accounts: Accounts;
  now: () => number;
  log: Logger;
  dataDir: string;
  piiKey?: string | undefined;
  /** Where the running configuration came from (config-store.ts). */
  configSource: 'file' | 'database';
  /** Applied to every configuration put into effect (demo mode: hours not enforced). */
  adjustConfig?: (config: HallConfig) => HallConfig;
  /** Drops the live connections of ended sessions. */
  onSessionsEnded: (tokenHashes: string[]) => void;
  /** How often warnings are evaluated besides after each change (ms). */
  evaluateEveryMs?: number;
}

/**
 * 电子监察 and hall administration, wired to the hall: follow-up cases (opened in the
 * rating's transaction), warnings (evaluated on a timer and after changes, pushed to the
 * 'staff' room), the audit log, staff and device administration, settings.
 */
export class Supervision {
  readonly audit: AuditLog;
  readonly settings: SupervisionSettings;
  readonly cases: CaseBook;
  readonly devices: DeviceMonitor;
  readonly warnings: WarningCenter;
  readonly staff: StaffAdmin;
  /** The layout advisor's jobs (布局优化), each in a worker thread. */
  readonly advisor: AdvisorJobs;
  configSource: 'file' | 'database';
  readonly adjustConfig: (config: HallConfig) => HallConfig;
  private io: HallIo | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pending: NodeJS.Timeout | null = null;

  constructor(private readonly options: SupervisionOptions) {
    const { db, hall, accounts, now } = options;
    this.configSource = options.configSource;
    this.adjustConfig = options.adjustConfig ?? ((c) => c);
    this.audit = new AuditLog(db, now);
    this.settings = new SupervisionSettings(db);
    this.staff = new StaffAdmin(db, accounts, this.audit, now, options.onSessionsEnded);
    this.advisor = new AdvisorJobs(options.log, now);
    this.cases = new CaseBook(
      db,
      hall,
      this.settings,
      ContactSeal.load(options.dataDir, options.piiKey),
      this.audit,
      now,
      () => this.users(),
      (name, view) => this.emitStaff(name, view),
    );
    this.devices = new DeviceMonitor(db, accounts, now);
    this.warnings = new WarningCenter(
      db,
      hall,
      this.settings,
      this.devices,
      this.cases,
      this.audit,
      now,
      (id) => this.users().get(id)?.label ?? id,
      (message: WarningEmit) => this.emitStaff(message.name, message.payload),
    );

    // No rating is stored without its case: the case is written in the rating's transaction.
    hall.onCommit(this.cases.onCommit);
    const opened = this.cases.reconcile();
    if (opened > 0) options.log('info', `follow-up: opened ${opened} case(s) for earlier ratings`);
    hall.published.on('events', (stored: StoredEvent[]) => {
      this.cases.announce(stored);
      this.evaluateSoon();
    });
  }

  get db(): Db {
    return this.options.db;
  }

  /** Joins the socket layer: device presence, the staff's warnings, reconfigurations. */
  attach(io: HallIo): void {
    this.io = io;
    this.devices.attach(io);
    io.on('connection', (socket) => {
      if (socket.data.principal?.kind === 'user')
        (socket.emit as (name: string, payload: unknown) => boolean)(
          'warnings.snapshot',
          this.warnings.list(),
        );
    });
    // Everyone's picture of the hall changes with its configuration: a fresh snapshot.
    this.options.hall.published.on('reconfigured', () => {
      io.to('hall').emit('hall.snapshot', this.options.hall.snapshot());
      this.evaluateSoon();
    });
    this.evaluate();
    this.timer = setInterval(() => this.evaluate(), this.options.evaluateEveryMs ?? 10_000);
    this.timer.unref();
  }

  /** Evaluates warnings now (the timer, tests, GET /api/warnings). */
  evaluate() {
    try {
      return this.warnings.evaluate();
    } catch (error) {
      this.options.log('error', `warnings: ${(error as Error).message}`);
      return this.warnings.list();
    }
  }

  /** After a change, soon: a burst of commands costs one evaluation. */
  private evaluateSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.evaluate();
    }, 200);
    this.pending.unref();
  }

  emitStaff<K extends keyof SupervisionSocketEvents>(
    name: K,
    payload: Parameters<SupervisionSocketEvents[K]>[0],
  ): void {
    if (!this.io) return;
    // Staff-only names beside the hall's public events (SupervisionSocketEvents).
    const room = this.io.to('staff') as unknown as { emit(n: string, p: unknown): boolean };
    room.emit(name, payload);
  }

  /** Every user by id, with the label reports and consoles show. */
  users(): Map<string, { label: string; role: string; disabled: boolean }> {
    return new Map(
      this.options.accounts
        .listUsers()
        .map((u) => [u.id, { label: staffLabel(u), role: u.role, disabled: u.disabled }]),
    );
  }

  clerkLabels(): Record<string, string> {
    return Object.fromEntries([...this.users()].map(([id, u]) => [id, u.label]));
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    void this.advisor.close();
  }
}
