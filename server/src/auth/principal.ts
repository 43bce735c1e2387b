import type { DeviceKind } from '../../../shared/src/protocol';

/** manager (大厅管理者): reports, follow-up cases and warnings; no hall setup. */
export type Role = 'admin' | 'manager' | 'guide' | 'clerk';

/** Who is asking: a logged-in person or an enrolled device. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      username: string;
      displayName: string;
      role: Role;
      windowId: string | null;
      tokenHash: string;
    }
  | {
      kind: 'device';
      deviceId: string;
      deviceKind: DeviceKind;
      name: string;
      windowId: string | null;
    };

export function actorOf(principal: Principal): { kind: 'user' | 'device'; id: string } {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.userId }
    : { kind: 'device', id: principal.deviceId };
}
