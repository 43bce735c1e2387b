import fs from 'node:fs';
import path from 'node:path';
import type { DeviceKind } from '../../shared/src/protocol';
import type { Accounts } from './auth/accounts';
import { hashPassword } from './auth/passwords';
import type { HallService } from './hall-service';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = [
  '芳',
  '伟',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
];

/** A plausible clerk name for demo window n (shown masked on every screen). */
export function demoClerkName(n: number): string {
  return `${SURNAMES[(n - 1) % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`;
}

export interface DemoDevice {
  kind: DeviceKind;
  name: string;
  windowId: string | null;
  token: string;
}

/**
 * Demo mode (npm run demo / HALLQ_DEMO=1): accounts admin, guide and clerk01… with
 * password "demo", clerk NN logged in at window NN, and simulated devices enrolled so
 * every page works in a plain browser at once. Never runs otherwise.
 */
export function seedDemo(hall: HallService, accounts: Accounts, dataDir: string): DemoDevice[] {
  // Hashed only when an account is missing: a restart of the demo need not pay for scrypt.
  let hash: string | undefined;
  const demoHash = () => (hash ??= hashPassword('demo'));
  for (const [username, role, displayName] of [
    ['admin', 'admin', '管理员'],
    ['guide', 'guide', '导服员'],
  ] as const) {
    if (!accounts.userExists(username))
      accounts.createUser({ username, displayName, role, passwordHash: demoHash() });
  }
  const windows = [...hall.config.windows].sort((a, b) => a.number - b.number);
  for (const window of windows) {
    const username = `clerk${String(window.number).padStart(2, '0')}`;
    if (!accounts.userExists(username)) {
      accounts.createUser({
        username,
        displayName: demoClerkName(window.number),
        role: 'clerk',
        passwordHash: demoHash(),
        staffNumber: String(window.number).padStart(4, '0'),
      });
    }
    const state = hall.state.window(window.id);
    if (state?.status === 'closed') {
      const user = accounts.listUsers().find((u) => u.username === username);
      if (user) {
        hall.execute(
          {
            type: 'open-window',
            windowId: window.id,
            clerkId: user.id,
            clerkName: user.displayName,
            staffNumber: user.staffNumber,
          },
          { kind: 'system', id: null },
        );
      }
    }
  }
  const file = path.join(dataDir, 'demo-devices.json');
  if (fs.existsSync(file)) {
    // Restarting the demo keeps the devices it enrolled before, while their tokens still work.
    // A file cut short (the server killed while writing it) means: enroll them again.
    let known: DemoDevice[] = [];
    try {
      known = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoDevice[];
    } catch {
      known = [];
    }
    if (known.length > 0 && known.every((d) => accounts.principal(d.token))) return known;
  }
  const devices: DemoDevice[] = [];
  const enroll = (kind: DeviceKind, name: string, windowId: string | null) => {
    const { token } = accounts.enrollDirect({ kind, name, windowId });
    devices.push({ kind, name, windowId, token });
  };
  enroll('kiosk', '演示取号机', null);
  enroll('hall-board', '演示大厅综合屏', null);
  for (const window of windows) {
    enroll('window-screen', `${window.number}号窗口屏`, window.id);
    enroll('rating-pad', `${window.number}号评价器`, window.id);
    enroll('caller', `${window.number}号呼叫器`, window.id);
  }
  // Whole or not at all: written beside it, then renamed into place.
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(devices, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
  return devices;
}
