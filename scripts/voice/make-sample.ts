/**
 * `npm run voice:sample`: one whole call, "请 A001 号到 5 号窗口办理" twice after the chime,
 * joined from the voice pack's clips with sox (the same clip list the displays play), into
 * docs/audio/call-A001-window-5.wav. Needs sox (apt-get install -y sox).
 *
 *   npx tsx scripts/voice/make-sample.ts [number] [window] [pack folder]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { composeCall } from '../../shared/src/voice/compose';
import { missingClips, parseManifest } from '../../shared/src/voice/manifest';

const ROOT = path.join(__dirname, '..', '..');

export function makeSample(
  number: string,
  windowNumber: number,
  packDir: string,
  out: string,
): string[] {
  const manifest = parseManifest(
    JSON.parse(fs.readFileSync(path.join(packDir, 'manifest.json'), 'utf8')),
  );
  const missing = missingClips(manifest);
  if (missing.length > 0) throw new Error(`the pack lacks ${missing.join(' ')}`);
  const clips = composeCall({ number, windowNumber });
  const files = clips.map((name) => path.join(packDir, manifest.clips[name]?.file ?? ''));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync('sox', [...files, out]);
  return clips;
}

if (require.main === module) {
  const [number = 'A001', windowArg = '5', pack] = process.argv.slice(2);
  const windowNumber = Number(windowArg);
  const packDir = pack ?? path.join(ROOT, 'counter-display', 'voice-pack', 'dev');
  const out = path.join(ROOT, 'docs', 'audio', `call-${number}-window-${windowNumber}.wav`);
  const clips = makeSample(number, windowNumber, packDir, out);
  const seconds = execFileSync('soxi', ['-D', out], { encoding: 'utf8' }).trim();
  process.stdout.write(
    `${path.relative(process.cwd(), out)}: ${clips.join(' ')} (${Number(seconds).toFixed(1)} s)\n`,
  );
}
