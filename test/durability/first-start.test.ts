import fs from 'node:fs';
import path from 'node:path';
import { loadHallConfig } from '../../server/src/hall-config-file';
import { startHallServer } from '../../server/src/server';
import { api, tempDataDir } from '../helpers/hall-server';

/**
 * What a crash during the very first start can leave behind: the files written beside the
 * database are written whole or not at all, and a damaged key is refused, never used.
 */

const hall = loadHallConfig();

function start(dataDir: string, demo = false) {
  return startHallServer({
    hall,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    demo,
    log: () => undefined,
    announce: () => undefined,
  });
}

describe('files beside the database after a crash', () => {
  test('the ID-number key is created whole, private, and kept across restarts', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    await first.close();
    const file = path.join(dataDir, 'pii.key');
    const key = fs.readFileSync(file, 'utf8');
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const second = await start(dataDir);
    await second.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(key);
  });

  test('an empty or short key file stops the server instead of weakening the hash', async () => {
    for (const content of ['', 'c2hvcnQ=']) {
      const dataDir = tempDataDir();
      fs.writeFileSync(path.join(dataDir, 'pii.key'), content);
      await expect(start(dataDir)).rejects.toThrow(/pii\.key is damaged/);
    }
  });

  test('a demo device list cut short is enrolled again, not a server that cannot start', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir, true);
    await first.close();
    const file = path.join(dataDir, 'demo-devices.json');
    const whole = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, whole.slice(0, whole.length / 3));
    const second = await start(dataDir, true);
    try {
      const devices = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        kind: string;
        token: string;
      }[];
      const kiosk = devices.find((d) => d.kind === 'kiosk')?.token;
      const me = await api(second.url, 'GET', '/api/auth/me', { token: kiosk });
      expect(me.body).toMatchObject({ kind: 'device', deviceKind: 'kiosk' });
    } finally {
      await second.close();
    }
  });
});
