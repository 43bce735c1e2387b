import type Database from 'better-sqlite3';
import { HallError } from '../../../shared/src/domain';
import type { DeviceKind } from '../../../shared/src/protocol';
import type { Db } from '../store/db';
import { hashPassword, verifyPassword } from './passwords';
import type { Principal, Role } from './principal';
import { hashToken, newEnrollmentCode, newId, newToken } from './tokens';

const SESSION_HOURS = 12;
const ENROLLMENT_CODE_MINUTES = 30;
/** A device's last_seen_at is written at most this often. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  /** 工号 (migration: staff numbers); null when none is set. */
  staff_number: string | null;
}

export interface DeviceRecord {
  id: string;
  kind: DeviceKind;
  name: string;
  windowId: string | null;
  enrolledAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

/** A token's principal as last read from the database (Accounts.principal). */
interface CachedPrincipal {
  principal: Principal;
  /** A session's expires_at; Infinity for a device. */
  expiresAt: number;
  /** A device's last_seen_at as stored (the minute throttle); null for a session. */
  lastSeenAt: number | null;
}

/** How often PRAGMA data_version is read for writes by other connections, in ms. */
const DATA_VERSION_MS = 1000;

/** At most this many tokens are remembered; past it the cache starts again empty. */
const PRINCIPAL_CACHE_SIZE = 10_000;

/** Gives each Accounts its own SQL function and temp triggers on a shared connection. */
let accountsInstances = 0;

/**
 * Users, sessions and devices. Passwords are scrypt hashes; session and device tokens and
 * enrollment codes are stored only as SHA-256 hashes, so a copy of the database holds no
 * secret that opens the hall.
 */
export class Accounts {
  /** Statements of the per-request token check, prepared once. */
  private readonly statements = new Map<string, Database.Statement>();

  /**
   * token → principal, so the check on every request (a kiosk press, a caller key) needs no
   * SHA-256 and no SQL. Emptied whenever a row it could depend on changes: temp triggers on
   * users, sessions and devices call back into this object on every write through this
   * connection, whoever makes it (here, supervision/staff.ts, an admin route), and
   * PRAGMA data_version tells of a write by any other connection (checkDataVersion). So a
   * device revoked or a session ended through the server is refused at its very next
   * request, as before. Keyed by the token itself, which lives only in this memory.
   */
  private readonly cache = new Map<string, CachedPrincipal>();
  private readonly dataVersion: Database.Statement;
  private lastDataVersion: unknown;
  private lastDataVersionCheck = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.lastDataVersion = this.dataVersion.get();
    accountsInstances += 1;
    const forget = `hallq_principals_changed_${accountsInstances}`;
    db.function(forget, { deterministic: false }, () => {
      this.cache.clear();
      return null;
    });
    // What a principal is read from; a device's last_seen_at (written once a minute) is not.
    const watched: [table: string, event: string][] = [
      ['users', 'INSERT'],
      ['users', 'UPDATE'],
      ['users', 'DELETE'],
      ['sessions', 'INSERT'],
      ['sessions', 'UPDATE'],
      ['sessions', 'DELETE'],
      ['devices', 'INSERT'],
      ['devices', 'UPDATE OF id, kind, name, window_id, token_hash, revoked_at'],
      ['devices', 'DELETE'],
    ];
    watched.forEach(([table, event], i) => {
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS ${forget}_${i} AFTER ${event} ON ${table} BEGIN SELECT ${forget}(); END`,
      );
    });
  }

  /**
   * Forgets every cached principal if another connection has written to the database.
   * Asked at most once a second: the pragma starts a read transaction of its own (tens of
   * µs, as much as the rest of the check), and the server itself writes these tables only
   * through this connection, which the triggers watch at once. Only a write from outside
   * (a second process) waits for that second.
   */
  private checkDataVersion(now: number): void {
    if (now >= this.lastDataVersionCheck && now - this.lastDataVersionCheck < DATA_VERSION_MS)
      return;
    this.lastDataVersionCheck = now;
    const version = this.dataVersion.get();
    if (version !== this.lastDataVersion) {
      this.lastDataVersion = version;
      this.cache.clear();
    }
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  hasAdmin(): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0 LIMIT 1`).get() !==
      undefined
    );
  }

  userExists(username: string): boolean {
    return this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(username) !== undefined;
  }

  createUser(input: {
    username: string;
    displayName: string;
    role: Role;
    password?: string;
    passwordHash?: string;
    staffNumber?: string | null;
  }): string {
    const id = newId();
    const hash = input.passwordHash ?? hashPassword(input.password ?? newToken());
    if (input.staffNumber) this.checkStaffNumberFree(input.staffNumber, null);
    this.db
      .prepare(
        'INSERT INTO users (id, username, display_name, role, password_hash, created_at, staff_number) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        input.username,
        input.displayName,
        input.role,
        hash,
        this.now(),
        input.staffNumber ?? null,
      );
    return id;
  }

  /** Refuses with STAFF_NUMBER_TAKEN when another user has the 工号 (the unique index backs it). */
  checkStaffNumberFree(staffNumber: string, userId: string | null): void {
    const holder = this.db
      .prepare('SELECT id FROM users WHERE staff_number = ?')
      .get(staffNumber) as { id: string } | undefined;
    if (holder && holder.id !== userId) throw new HallError('STAFF_NUMBER_TAKEN');
  }

  setStaffNumber(userId: string, staffNumber: string | null): void {
    if (staffNumber) this.checkStaffNumberFree(staffNumber, userId);
    this.db.prepare('UPDATE users SET staff_number = ? WHERE id = ?').run(staffNumber, userId);
  }

  listUsers(): {
    id: string;
    username: string;
    displayName: string;
    role: Role;
    disabled: boolean;
    staffNumber: string | null;
  }[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      disabled: r.disabled === 1,
      staffNumber: r.staff_number ?? null,
    }));
  }

  /** Checks a password; the caller rate-limits. Returns the user or refuses with LOGIN_FAILED. */
  authenticate(username: string, password: string): UserRow {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      UserRow | undefined;
    // Hash even for unknown users, so timing does not tell which names exist.
    const ok = verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok || row.disabled === 1) throw new HallError('LOGIN_FAILED');
    return row;
  }

  startSession(userId: string, windowId: string | null): string {
    const token = newToken();
    const now = this.now();
    this.db
      .prepare(
        'INSERT INTO sessions (token_hash, user_id, window_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(hashToken(token), userId, windowId, now, now + SESSION_HOURS * 3600_000);
    return token;
  }

  endSession(tokenHash: string): void {
    this.db
      .prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?')
      .run(this.now(), tokenHash);
  }

  /** Whether the user still has a live session at the window. */
  hasLiveSession(userId: string, windowId: string): boolean {
    return (
      this.db
        .prepare(
          'SELECT 1 FROM sessions WHERE user_id = ? AND window_id = ? AND revoked_at IS NULL AND expires_at > ?',
        )
        .get(userId, windowId, this.now()) !== undefined
    );
  }

  /** Ends a user's sessions at a window; returns their token hashes (to drop their sockets). */
  endSessionsOfUserAtWindow(userId: string, windowId: string): string[] {
    const rows = this.db
      .prepare(
        'SELECT token_hash FROM sessions WHERE user_id = ? AND window_id = ? AND revoked_at IS NULL',
      )
      .all(userId, windowId) as { token_hash: string }[];
    this.db
      .prepare(
        'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND window_id = ? AND revoked_at IS NULL',
      )
      .run(this.now(), userId, windowId);
    return rows.map((r) => r.token_hash);
  }

  /** Ends every session held at a window (an admin or guide closing it). */
  endSessionsAtWindow(windowId: string): string[] {
    const rows = this.db
      .prepare('SELECT token_hash FROM sessions WHERE window_id = ? AND revoked_at IS NULL')
      .all(windowId) as { token_hash: string }[];
    this.db
      .prepare('UPDATE sessions SET revoked_at = ? WHERE window_id = ? AND revoked_at IS NULL')
      .run(this.now(), windowId);
    return rows.map((r) => r.token_hash);
  }

  /** The person or device behind a bearer token, or undefined. */
  principal(token: string): Principal | undefined {
    const now = this.now();
    this.checkDataVersion(performance.now());
    const cached = this.cache.get(token);
    if (cached) {
      if (cached.expiresAt > now) {
        if (cached.principal.kind === 'device') this.noteSeen(cached, now);
        return cached.principal;
      }
      this.cache.delete(token);
    }
    const found = this.readPrincipal(token, now);
    if (!found) return undefined;
    // Only what is committed is remembered: a row written in an open transaction (a group
    // commit's) could still be rolled back, and a rollback fires no trigger.
    if (!this.db.inTransaction) {
      if (this.cache.size >= PRINCIPAL_CACHE_SIZE) this.cache.clear();
      this.cache.set(token, found);
    }
    return found.principal;
  }

  /**
   * A device's last_seen_at, to the minute: a write on every request cost a durable commit
   * (an fsync) per kiosk press and per caller key, as much as the ticket's own transaction.
   */
  private noteSeen(entry: CachedPrincipal, now: number): void {
    if (entry.principal.kind !== 'device') return;
    if (entry.lastSeenAt !== null && now - entry.lastSeenAt < LAST_SEEN_RESOLUTION_MS) return;
    this.prepared('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(
      now,
      entry.principal.deviceId,
    );
    entry.lastSeenAt = now;
  }

  /** The principal behind a token, from the database. */
  private readPrincipal(token: string, now: number): CachedPrincipal | undefined {
    const tokenHash = hashToken(token);
    const session = this.prepared(
      `SELECT s.window_id, s.expires_at, u.id, u.username, u.display_name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0`,
    ).get(tokenHash, now) as
      | {
          window_id: string | null;
          expires_at: number;
          id: string;
          username: string;
          display_name: string;
          role: Role;
        }
      | undefined;
    if (session) {
      return {
        principal: {
          kind: 'user',
          userId: session.id,
          username: session.username,
          displayName: session.display_name,
          role: session.role,
          windowId: session.window_id,
          tokenHash,
        },
        expiresAt: session.expires_at,
        lastSeenAt: null,
      };
    }
    const device = this.prepared(
      'SELECT id, kind, name, window_id, last_seen_at FROM devices WHERE token_hash = ? AND revoked_at IS NULL',
    ).get(tokenHash) as
      | {
          id: string;
          kind: DeviceKind;
          name: string;
          window_id: string | null;
          last_seen_at: number | null;
        }
      | undefined;
    if (device) {
      const entry: CachedPrincipal = {
        principal: {
          kind: 'device',
          deviceId: device.id,
          deviceKind: device.kind,
          name: device.name,
          windowId: device.window_id,
        },
        expiresAt: Infinity,
        lastSeenAt: device.last_seen_at,
      };
      this.noteSeen(entry, now);
      return entry;
    }
    return undefined;
  }

  /** An admin registers a device; it gets a one-time code to enroll with. */
  createDevice(input: { kind: DeviceKind; name: string; windowId: string | null }): {
    id: string;
    code: string;
    expiresAt: string;
  } {
    const id = newId(9);
    const expires = this.now() + ENROLLMENT_CODE_MINUTES * 60_000;
    // Expired codes are forgotten, and a new code never equals a pending one.
    this.db
      .prepare('UPDATE devices SET code_hash = NULL WHERE code_expires_at <= ?')
      .run(this.now());
    let code = newEnrollmentCode();
    while (this.db.prepare('SELECT 1 FROM devices WHERE code_hash = ?').get(hashToken(code))) {
      code = newEnrollmentCode();
    }
    this.db
      .prepare(
        'INSERT INTO devices (id, kind, name, window_id, code_hash, code_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, input.kind, input.name, input.windowId, hashToken(code), expires, this.now());
    return { id, code, expiresAt: new Date(expires).toISOString() };
  }

  /** The device trades its one-time code for a token (once). */
  enrollDevice(code: string): {
    deviceId: string;
    token: string;
    kind: DeviceKind;
    name: string;
    windowId: string | null;
  } {
    const row = this.db
      .prepare(
        'SELECT id, kind, name, window_id FROM devices WHERE code_hash = ? AND code_expires_at > ? AND revoked_at IS NULL',
      )
      .get(hashToken(code), this.now()) as
      { id: string; kind: DeviceKind; name: string; window_id: string | null } | undefined;
    if (!row) throw new HallError('ENROLLMENT_CODE_INVALID');
    const token = newToken();
    this.db
      .prepare(
        'UPDATE devices SET token_hash = ?, code_hash = NULL, code_expires_at = NULL, enrolled_at = ? WHERE id = ?',
      )
      .run(hashToken(token), this.now(), row.id);
    return { deviceId: row.id, token, kind: row.kind, name: row.name, windowId: row.window_id };
  }

  /** For demo mode: a device enrolled at once with a known token. */
  enrollDirect(input: { kind: DeviceKind; name: string; windowId: string | null }): {
    deviceId: string;
    token: string;
  } {
    const { code } = this.createDevice(input);
    const enrolled = this.enrollDevice(code);
    return { deviceId: enrolled.deviceId, token: enrolled.token };
  }

  revokeDevice(id: string): boolean {
    const result = this.db
      .prepare(
        'UPDATE devices SET revoked_at = ?, token_hash = NULL, code_hash = NULL WHERE id = ? AND revoked_at IS NULL',
      )
      .run(this.now(), id);
    return result.changes > 0;
  }

  listDevices(): DeviceRecord[] {
    const rows = this.db.prepare('SELECT * FROM devices ORDER BY created_at').all() as {
      id: string;
      kind: DeviceKind;
      name: string;
      window_id: string | null;
      enrolled_at: number | null;
      revoked_at: number | null;
      last_seen_at: number | null;
    }[];
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      windowId: r.window_id,
      enrolledAt: iso(r.enrolled_at),
      revokedAt: iso(r.revoked_at),
      lastSeenAt: iso(r.last_seen_at),
    }));
  }
}

const DUMMY_HASH = hashPassword('not a password of anyone');
