/**
 * The layout advisor's worker thread (advisor-jobs.ts bundles this file with esbuild and
 * starts it with the job as workerData): runs the search and posts progress and the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runAdvisor, type AdvisorRunInput } from './advisor-run';

try {
  const result = runAdvisor(workerData as AdvisorRunInput, (progress) =>
    parentPort?.postMessage({ type: 'progress', progress }),
  );
  parentPort?.postMessage({ type: 'done', result });
} catch (error) {
  parentPort?.postMessage({ type: 'failed', error: (error as Error).message });
}
