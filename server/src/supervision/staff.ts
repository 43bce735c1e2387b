import { HallError } from '../../../shared/src/domain';
import { maskName } from '../../../shared/src/pii';
import type { StaffRole } from '../../../shared/src/supervision';
import type { Accounts } from '../auth/accounts';
import { hashPassword } from '../auth/passwords';
import type { Principal } from '../auth/principal';
import type { Db } from '../store/db';
import type { AuditLog } from './audit';

export interface StaffView {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  disabled: boolean;
  /** 工号, shown on the window screen beside the masked name. */
  staffNumber: string | null;
}

/** How staff are named in reports and consoles: user name and masked name, clerk01（王*）. */
export function staffLabel(user: { username: string; displayName: string }): string {
  return `${user.username}（${maskName(user.displayName)}）`;
}

/**
 * Staff accounts as the administrator manages them in /admin: create, rename, change
 * role, disable, reset the password. Every change is audited (never the password), and a
 * change that takes rights away ends the person's sessions at once.
 */
export class StaffAdmin {
  constructor(
    private readonly db: Db,
    private readonly accounts: Accounts,
    private readonly audit: AuditLog,
    private readonly now: () => number,
    private readonly onSessionsEnded: (tokenHashes: string[]) => void,
  ) {}

  list(): StaffView[] {
    return this.accounts.listUsers() as StaffView[];
  }

  create(
    input: {
      username: string;
      displayName: string;
      role: StaffRole;
      password: string;
      staffNumber?: string | null;
    },
    by: Principal,
  ): StaffView {
    if (this.accounts.userExists(input.username)) throw new HallError('USERNAME_TAKEN');
    const id = this.db.transaction(() => {
      const created = this.accounts.createUser(input);
      this.audit.record(by, 'user.create', input.username, null, {
        username: input.username,
        displayName: maskName(input.displayName),
        role: input.role,
        ...(input.staffNumber ? { staffNumber: input.staffNumber } : {}),
      });
      return created;
    })();
    return this.get(id);
  }

  get(id: string): StaffView {
    const user = this.list().find((u) => u.id === id);
    if (!user) throw new HallError('NOT_FOUND');
    return user;
  }

  update(
    id: string,
    change: {
      displayName?: string;
      role?: StaffRole;
      disabled?: boolean;
      password?: string;
      staffNumber?: string | null;
    },
    by: Principal,
  ): StaffView {
    const before = this.get(id);
    const losesAdmin =
      before.role === 'admin' &&
      !before.disabled &&
      ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin) {
      const admins = this.list().filter((u) => u.role === 'admin' && !u.disabled);
      if (admins.length <= 1)
        throw new HallError('VALIDATION_FAILED', {
          problems: [
            { path: '', message: '至少保留一名在用的管理员 (keep at least one active admin)' },
          ],
        });
    }
    const endsSessions =
      (change.role !== undefined && change.role !== before.role) ||
      change.disabled === true ||
      change.password !== undefined;
    let ended: string[] = [];
    this.db.transaction(() => {
      if (change.displayName !== undefined)
        this.db
          .prepare('UPDATE users SET display_name = ? WHERE id = ?')
          .run(change.displayName, id);
      if (change.staffNumber !== undefined) this.accounts.setStaffNumber(id, change.staffNumber);
      if (change.role !== undefined)
        this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(change.role, id);
      if (change.disabled !== undefined)
        this.db
          .prepare('UPDATE users SET disabled = ? WHERE id = ?')
          .run(change.disabled ? 1 : 0, id);
      if (change.password !== undefined)
        this.db
          .prepare('UPDATE users SET password_hash = ? WHERE id = ?')
          .run(hashPassword(change.password), id);
      if (endsSessions) {
        ended = (
          this.db
            .prepare('SELECT token_hash FROM sessions WHERE user_id = ? AND revoked_at IS NULL')
            .all(id) as { token_hash: string }[]
        ).map((r) => r.token_hash);
        this.db
          .prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
          .run(this.now(), id);
      }
      const after = this.get(id);
      const { password: _password, ...shown } = change;
      // Names are kept masked in the log, like everywhere else people read it.
      const field = (user: StaffView, k: string) =>
        k === 'displayName' ? maskName(user.displayName) : user[k as keyof StaffView];
      this.audit.record(
        by,
        'user.update',
        before.username,
        Object.fromEntries(Object.keys(shown).map((k) => [k, field(before, k)])),
        {
          ...Object.fromEntries(Object.keys(shown).map((k) => [k, field(after, k)])),
          ...(change.password !== undefined ? { password: '(reset)' } : {}),
        },
      );
    })();
    this.onSessionsEnded(ended);
    return this.get(id);
  }
}
