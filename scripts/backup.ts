/**
 * npm run backup -- --out FILE [--data DIR] [--json]
 *
 * An online backup of the hall database: the server may keep running. The copy is one
 * consistent, checked, self-contained SQLite file. DIR defaults to $HALLQ_DATA or ./data.
 * The ID-number key (DIR/pii.key) is not copied: keep one copy of it apart from the backups.
 */
import path from 'node:path';
import { backupDatabase, DATABASE_FILE } from '../server/src/store/backup';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = option(args, 'out');
  if (!out) throw new Error('usage: npm run backup -- --out FILE [--data DIR] [--json]');
  const dataDir = path.resolve(option(args, 'data') ?? process.env.HALLQ_DATA ?? './data');
  const started = performance.now();
  const summary = await backupDatabase(path.join(dataDir, DATABASE_FILE), path.resolve(out));
  const ms = performance.now() - started;
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ ...summary, ms })}\n`);
    return;
  }
  process.stdout.write(
    `backup written: ${summary.file}\n` +
      `  ${(summary.bytes / 1024).toFixed(0)} KB, ${summary.tickets} tickets, events up to seq ${summary.seq}, day ${summary.day ?? '-'}, epoch ${summary.epoch}\n` +
      `  integrity check ok, ${ms.toFixed(0)} ms\n` +
      `  备份不含身份证号密钥 ${path.join(dataDir, 'pii.key')}: keep one copy of that key apart from the backups.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `backup failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
