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

/**
 * Users, sessions and devices. Passwords are scrypt hashes; session and device tokens and
 * enrollment codes are stored only as SHA-256 hashes, so a copy of the database holds no
 * secret that opens the hall.
 */
export class Accounts {
  /** Statements of the per-request token check, prepared once. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

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
    const tokenHash = hashToken(token);
    const now = this.now();
    const session = this.prepared(
      `SELECT s.window_id, u.id, u.username, u.display_name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0`,
    ).get(tokenHash, now) as
      | { window_id: string | null; id: string; username: string; display_name: string; role: Role }
      | undefined;
    if (session) {
      return {
        kind: 'user',
        userId: session.id,
        username: session.username,
        displayName: session.display_name,
        role: session.role,
        windowId: session.window_id,
        tokenHash,
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
      // To the minute: a write on every request cost a durable commit (an fsync) per kiosk
      // press and per caller key, as much as the ticket's own transaction.
      if (device.last_seen_at === null || now - device.last_seen_at >= LAST_SEEN_RESOLUTION_MS) {
        this.prepared('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(now, device.id);
      }
      return {
        kind: 'device',
        deviceId: device.id,
        deviceKind: device.kind,
        name: device.name,
        windowId: device.window_id,
      };
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
