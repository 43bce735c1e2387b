import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SCENARIOS = path.join(ROOT, 'scripts/sim/scenarios');

/**
 * `--scenarios` takes the path of a scenario file outside scripts/sim/scenarios (a hall's
 * own what-if), and the forked workers load that same file, not an id of the same name.
 */
test('bench:routing runs a scenario given by path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-bench-routing-'));
  const s1 = JSON.parse(fs.readFileSync(path.join(SCENARIOS, 's1.scenario.json'), 'utf8'));
  const workload = JSON.parse(
    fs.readFileSync(path.join(SCENARIOS, 's1-normal.workload.json'), 'utf8'),
  );
  workload.volumeScale = 0.5;
  fs.writeFileSync(path.join(dir, 'half.workload.json'), JSON.stringify(workload));
  const file = path.join(dir, 'what-if.scenario.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      ...s1,
      id: 'WHATIF',
      hall: path.resolve(SCENARIOS, s1.hall),
      workload: 'half.workload.json',
    }),
  );
  const out = execFileSync(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      path.join(ROOT, 'scripts/sim/bench-routing.ts'),
      '--scenarios',
      file,
      '--days',
      '1',
      '--jobs',
      '1',
      '--json',
    ],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const json = JSON.parse(out) as {
    scenarios: Record<string, Record<string, { mean: number; p95: number }>>;
  };
  expect(Object.keys(json.scenarios)).toEqual(['WHATIF']);
  const row = json.scenarios.WHATIF;
  expect(Object.keys(row ?? {})).toEqual(expect.arrayContaining(['P0', 'P7', 'B1']));
  // Half the volume of S1: far shorter waits than S1's (P0 about 9.5 minutes).
  expect(row?.P0?.mean).toBeGreaterThanOrEqual(0);
  expect(row?.P0?.mean).toBeLessThan(5);
  expect(row?.B1?.mean).toBeLessThanOrEqual(row?.P0?.mean ?? 0);
}, 120_000);
