import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * `npm run kiosk:build`: bundles the Electron main process and the preload into
 * .tmp/kiosk-app/ with the package.json Electron starts from, so `electron .tmp/kiosk-app`
 * runs the kiosk (docs/kiosk.md). Native modules (serialport) and Electron stay outside
 * the bundle and are found in the repository's node_modules. The screen is not bundled
 * here: the hall server serves it at /kiosk and Electron loads it from there.
 */
const root = path.join(__dirname, '..', '..', '..');
const out = path.join(root, '.tmp', 'kiosk-app');

async function main(): Promise<void> {
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    format: 'cjs' as const,
    sourcemap: true,
    external: ['electron', 'serialport', '@serialport/*', 'node-hid'],
    logLevel: 'info' as const,
  };
  fs.mkdirSync(out, { recursive: true });
  await build({
    ...common,
    entryPoints: [path.join(root, 'kiosk', 'src', 'main', 'main.ts')],
    outfile: path.join(out, 'main.js'),
  });
  await build({
    ...common,
    entryPoints: [path.join(root, 'kiosk', 'src', 'main', 'preload.ts')],
    outfile: path.join(out, 'preload.js'),
  });
  fs.writeFileSync(
    path.join(out, 'package.json'),
    `${JSON.stringify({ name: 'hallq-kiosk', version: '0.1.0', private: true, main: 'main.js' }, null, 2)}\n`,
  );
  process.stdout.write(
    `kiosk app in ${path.relative(process.cwd(), out)}: electron ${path.relative(process.cwd(), out)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
