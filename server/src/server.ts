import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { routingPolicy, type HallConfig } from '../../shared/src/domain';
import { Accounts } from './auth/accounts';
import { LoginRateLimiter } from './auth/rate-limit';
import { newToken } from './auth/tokens';
import { seedDemo } from './demo';
import { HallService } from './hall-service';
import { Bookings } from './bookings/bookings';
import { PhoneVault } from './notify/phone-vault';
import { Notifier } from './notify/notifier';
import { smsGatewayFromEnv, type SmsGateway } from './notify/sms-gateway';
import { createApp } from './http/app';
import type { ServerContext } from './http/context';
import type { Logger } from './log';
import { PersonKeys } from './person-keys';
import { attachRealtime, disconnectRevoked, type HallIo } from './realtime';
import { openDatabase, type Db } from './store/db';
import { HallStore } from './store/hall-store';
import { Supervision } from './supervision';
import { activeHallConfig } from './supervision/config-store';

export const VERSION = '0.1.0';

export interface HallServerOptions {
  hall: HallConfig;
  dataDir: string;
  port?: number;
  host?: string;
  demo?: boolean;
  log: Logger;
  /** The clock; tests pass their own. */
  now?: () => number;
  piiKey?: string;
  allowedOrigins?: string[];
  /** Where the first administrator's one-time password is shown (the console by default). */
  announce?: (text: string) => void;
  /** The SMS gateway (无声叫号); by default from HALLQ_SMS_URL / HALLQ_SMS_CONFIG, else none. */
  sms?: SmsGateway | null;
}

export interface HallServer {
  url: string;
  port: number;
  db: Db;
  io: HallIo;
  http: http.Server;
  ctx: ServerContext;
  /** Reports, follow-up cases, warnings, audit, administration (issue 6). */
  supervision: Supervision;
  close(): Promise<void>;
}

/** Wires the store, the core, the accounts, HTTP and socket.io, and listens. */
export async function startHallServer(options: HallServerOptions): Promise<HallServer> {
  const now = options.now ?? Date.now;
  const log = options.log;
  const demoHours = (config: HallConfig): HallConfig =>
    options.demo ? { ...config, hours: { ...config.hours, enforce: false } } : config;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(path.join(options.dataDir, 'hallq.sqlite'));
  const store = new HallStore(db);
  // The configuration an administrator saved in /admin, if any, else the file's.
  const active = activeHallConfig(db, options.hall, log);
  const hall: HallConfig = demoHours(active.config);
  const service = new HallService(hall, store, routingPolicy(hall.routingPolicy), now, () =>
    crypto.randomUUID(),
  );
  // Group commit (hall-service.ts); HALLQ_GROUP_COMMIT=0 commits each command alone.
  service.groupCommit = process.env.HALLQ_GROUP_COMMIT !== '0';
  service.rollover();
  const accounts = new Accounts(db, now);

  let io: HallIo | null = null;
  const ctx: ServerContext = {
    db,
    hall: service,
    accounts,
    personKeys: PersonKeys.load(options.dataDir, options.piiKey),
    loginLimiter: new LoginRateLimiter(),
    log,
    now,
    demo: null,
    onRevoked: (who) => {
      if (io) disconnectRevoked(io, who);
    },
  };
  ctx.bookings = new Bookings(
    db,
    service,
    ctx.personKeys,
    PhoneVault.load(options.dataDir, options.piiKey),
    now,
  );
  // After the bookings: their commit step links a booking's phone to its ticket first.
  ctx.notifier = new Notifier(
    db,
    service,
    PhoneVault.load(options.dataDir, options.piiKey),
    options.sms !== undefined ? options.sms : smsGatewayFromEnv(process.env),
    log,
    now,
  );
  const supervision = new Supervision({
    db,
    hall: service,
    accounts,
    now,
    log,
    dataDir: options.dataDir,
    piiKey: options.piiKey,
    configSource: active.source,
    adjustConfig: demoHours,
    onSessionsEnded: (tokenHashes) => {
      for (const tokenHash of tokenHashes) ctx.onRevoked({ tokenHash });
    },
  });

  if (options.demo) {
    ctx.demo = { devices: seedDemo(service, accounts, options.dataDir) };
    log(
      'info',
      `demo mode: accounts admin, guide, clerk01…clerk${String(hall.windows.length).padStart(2, '0')} (password "demo"); ${ctx.demo.devices.length} simulated devices enrolled`,
    );
  } else if (!accounts.hasAdmin()) {
    const password = newToken().slice(0, 16);
    accounts.createUser({ username: 'admin', displayName: '管理员', role: 'admin', password });
    // Printed once, never stored in clear: the hall's first administrator.
    (options.announce ?? ((text) => process.stdout.write(text)))(
      `\n  初始管理员账号 First administrator:  admin / ${password}\n  请登录后妥善保管（仅显示这一次）. Shown only this once.\n\n`,
    );
  }

  const app = createApp(ctx, VERSION, supervision);
  const server = http.createServer(app);
  io = attachRealtime(server, ctx, options.allowedOrigins ?? []);
  supervision.attach(io);
  const rolloverTimer = setInterval(() => {
    try {
      service.rollover();
    } catch (error) {
      log('error', `day rollover failed: ${(error as Error).message}`);
    }
  }, 30_000);
  rolloverTimer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  service.flush(); // the start-up's commands (a new day, the demo's seed) are on disk now
  log(
    'info',
    `hallq ${VERSION}: ${hall.name}, ${hall.windows.length} windows, ${hall.services.length} services, listening on port ${port}, data in ${options.dataDir}`,
  );

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    io,
    http: server,
    ctx,
    supervision,
    close: async () => {
      clearInterval(rolloverTimer);
      await ctx.notifier?.close();
      supervision.close();
      await new Promise<void>((resolve) => {
        io?.close(() => resolve());
      });
      service.flush();
      db.close();
    },
  };
}
