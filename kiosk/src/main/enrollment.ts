import fs from 'node:fs';
import path from 'node:path';

/**
 * Device enrollment: an administrator registers the kiosk in 大厅管理 and gets a one-time
 * 8-digit code; the kiosk trades it for its device token (POST /api/devices/enroll) once
 * and keeps the token in a file only its user can read (0600). A revoked token (401) is
 * deleted, and the kiosk shows "not set up" until it is enrolled again.
 */
export interface DeviceIdentity {
  deviceId: string;
  token: string;
  name: string;
  hallUrl: string;
}

export class EnrollmentError extends Error {}

export async function enroll(
  hallUrl: string,
  code: string,
  tokenFile: string,
  fetchFn: typeof fetch = fetch,
): Promise<DeviceIdentity> {
  if (!/^\d{8}$/.test(code)) throw new EnrollmentError('the enrollment code is eight digits');
  const res = await fetchFn(new URL('/api/devices/enroll', hallUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => null)) as {
    deviceId?: string;
    token?: string;
    kind?: string;
    name?: string;
    error?: { messageZh?: string; messageEn?: string };
  } | null;
  if (res.status !== 201 || !body?.token || !body.deviceId) {
    throw new EnrollmentError(
      `enrollment refused (${res.status}): ${body?.error?.messageZh ?? ''} ${body?.error?.messageEn ?? ''}`.trim(),
    );
  }
  if (body.kind !== 'kiosk')
    throw new EnrollmentError(`the code is for a ${body.kind ?? 'unknown'} device, not a kiosk`);
  const identity: DeviceIdentity = {
    deviceId: body.deviceId,
    token: body.token,
    name: body.name ?? 'kiosk',
    hallUrl,
  };
  writeIdentity(tokenFile, identity);
  return identity;
}

/** Written to a temporary file with mode 0600, then renamed: never half a token. */
export function writeIdentity(tokenFile: string, identity: DeviceIdentity): void {
  fs.mkdirSync(path.dirname(tokenFile), { recursive: true, mode: 0o700 });
  const temp = `${tokenFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(identity)}\n`, { mode: 0o600 });
  fs.chmodSync(temp, 0o600); // whatever the umask
  fs.renameSync(temp, tokenFile);
}

export function readIdentity(tokenFile: string): DeviceIdentity | null {
  try {
    const identity = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as DeviceIdentity;
    return identity.token ? identity : null;
  } catch {
    return null;
  }
}

export function forgetIdentity(tokenFile: string): void {
  fs.rmSync(tokenFile, { force: true });
}

/** `--enroll=12345678` or `--enroll 12345678` on the command line. */
export function enrollmentCodeFromArgs(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg.startsWith('--enroll=')) return arg.slice('--enroll='.length);
    if (arg === '--enroll') return argv[i + 1] ?? null;
  }
  return null;
}
