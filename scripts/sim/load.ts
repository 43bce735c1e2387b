/**
 * File I/O of the simulator tools: halls, workloads and scenarios from JSON files. The
 * simulator itself (shared/src/sim/) is pure and never touches a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HallConfig } from '../../shared/src/domain/hall-config';
import { parseHallConfig } from '../../shared/src/domain/hall-config-validate';
import { buildScenario, scenarioSchema, type Scenario } from '../../shared/src/sim/scenario';
import { parseWorkload, type Workload } from '../../shared/src/sim/workload';

export const SCENARIO_DIR = resolve(__dirname, 'scenarios');
export const SCENARIO_IDS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'] as const;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}

export function loadHall(path: string): HallConfig {
  return parseHallConfig(readJson(resolve(path)));
}

export function loadWorkload(path: string): Workload {
  return parseWorkload(readJson(resolve(path)));
}

/** A scenario by id (S1…S6, from scripts/sim/scenarios/) or by path to a .scenario.json file. */
export function loadScenario(idOrPath: string): Scenario {
  const path = existsSync(idOrPath)
    ? resolve(idOrPath)
    : resolve(SCENARIO_DIR, `${idOrPath.toLowerCase()}.scenario.json`);
  const parsed = scenarioSchema.safeParse(readJson(path));
  if (!parsed.success) {
    throw new Error(
      `invalid scenario ${path}:\n  - ${parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('\n  - ')}`,
    );
  }
  const base = dirname(path);
  return buildScenario(
    parsed.data,
    loadHall(resolve(base, parsed.data.hall)),
    loadWorkload(resolve(base, parsed.data.workload)),
  );
}
