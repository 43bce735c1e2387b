/**
 * npm run restore -- --from FILE [--data DIR] [--key KEYFILE] [--force] [--json]
 *
 * Restores a backup made by `npm run backup` into a data folder, with the server stopped.
 * The restored database gets a new epoch (displays reload a snapshot). A database already
 * in DIR is refused unless --force, and is then moved aside, never deleted; a running
 * server's database is always refused. --key copies the ID-number key (pii.key) of the
 * hall the backup came from, without which today's one-ticket-per-person checks cannot
 * match the restored tickets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { restoreDatabase } from '../server/src/store/backup';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function main(): void {
  const args = process.argv.slice(2);
  const from = option(args, 'from');
  if (!from)
    throw new Error(
      'usage: npm run restore -- --from FILE [--data DIR] [--key KEYFILE] [--force] [--json]',
    );
  const dataDir = path.resolve(option(args, 'data') ?? process.env.HALLQ_DATA ?? './data');
  const force = args.includes('--force');
  const keyFrom = option(args, 'key');
  const keyTo = path.join(dataDir, 'pii.key');
  if (keyFrom) {
    const key = fs.readFileSync(keyFrom, 'utf8');
    if (fs.existsSync(keyTo) && fs.readFileSync(keyTo, 'utf8') !== key && !force)
      throw new Error(`${keyTo} holds another key: pass --force to replace it`);
  }
  const summary = restoreDatabase(path.resolve(from), dataDir, { force });
  if (keyFrom) {
    const temp = `${keyTo}.${process.pid}.tmp`;
    fs.copyFileSync(keyFrom, temp);
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, keyTo);
  }
  const keyNote =
    keyFrom || process.env.HALLQ_PII_KEY
      ? ''
      : fs.existsSync(keyTo)
        ? `  using the key already in ${keyTo}: it must be the key of the hall the backup came from\n`
        : `  no key: copy pii.key of the hall the backup came from to ${keyTo} (or pass --key) before starting the server\n`;
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  process.stdout.write(
    `restored ${from} into ${summary.file}\n` +
      `  ${summary.tickets} tickets, events up to seq ${summary.seq}, day ${summary.day ?? '-'}\n` +
      `  new epoch ${summary.epoch} (was ${summary.previousEpoch}): displays will reload a snapshot\n` +
      (summary.movedAside
        ? `  the database that was there is kept as ${summary.movedAside}\n`
        : '') +
      keyNote,
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(
    `restore failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
