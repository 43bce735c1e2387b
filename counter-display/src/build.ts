/**
 * `npm run display:build`: bundles the Electron main process and preload of counter-display
 * into .tmp/counter-display/ (the pages themselves are served by the hall server). Then
 * `npm run display -- --config=/path/to/counter-display.json` (docs/displays.md).
 */
import { build } from 'esbuild';
import path from 'node:path';

const here = __dirname;
/** Beside the kiosk's build, in the repository's ignored .tmp/. */
const outdir = path.join(here, '..', '..', '.tmp', 'counter-display');

async function main(): Promise<void> {
  await build({
    entryPoints: {
      main: path.join(here, 'main', 'main.ts'),
      preload: path.join(here, 'main', 'preload.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'node-hid'],
    sourcemap: true,
    logLevel: 'info',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
