import { build } from 'esbuild';
import crypto from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HallError, type HallConfig } from '../../../shared/src/domain';
import type {
  AdvisorJobBody,
  AdvisorJobView,
  AdvisorWorkloadView,
} from '../../../shared/src/supervision/advisor-http';
import type { Logger } from '../log';
import type { AdvisorRunInput } from './advisor-run';
import type { RecordedWorkload } from './recorded-workload';

/** Jobs kept for polling after they end. */
const KEEP = 5;

let workerCode: Promise<string> | null = null;

/**
 * The worker's code, bundled once from its TypeScript entry: the same file runs under tsx
 * (npm start), ts-jest (tests) and any later build, with no compiled copy to keep in step.
 */
function bundledWorker(): Promise<string> {
  workerCode ??= build({
    entryPoints: [path.join(__dirname, 'advisor-worker.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  }).then((result) => {
    const js = result.outputFiles[0];
    if (!js) throw new Error('advisor worker: no bundle');
    return js.text;
  });
  workerCode.catch(() => {
    workerCode = null;
  });
  return workerCode;
}

/** Figures of the estimate for the page (per service with its name and expectation). */
export function workloadView(config: HallConfig, e: RecordedWorkload): AdvisorWorkloadView {
  return {
    days: e.days,
    requestedDays: e.requestedDays,
    tickets: e.tickets,
    services: e.services.map((s) => {
      const service = config.services.find((c) => c.id === s.serviceId);
      return {
        serviceId: s.serviceId,
        name: service?.name ?? s.serviceId,
        perDay: s.perDay,
        served: s.served,
        meanMinutes: s.meanMinutes,
        expectedMinutes: service?.expectedMinutes ?? null,
        cv: s.cv,
      };
    }),
    priorityShare: e.priorityShare,
    appointmentShare: e.appointmentShare,
    noShowShare: e.noShowShare,
    abandonShare: e.abandonShare,
    patienceMeanMinutes: e.patienceMeanMinutes,
    serviceTimeCv: e.workload.serviceTime.cv,
    profile: e.workload.day.profile,
  };
}

interface Job {
  view: AdvisorJobView;
  hall: HallConfig;
}

/**
 * The layout advisor's jobs: one at a time, each in a worker thread so the hall's event
 * loop keeps answering kiosks and clerks while the simulator searches. Progress and the
 * result are kept for polling (GET /api/advisor/jobs/:id).
 */
export class AdvisorJobs {
  private readonly jobs = new Map<string, Job>();
  private worker: Worker | null = null;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  get running(): boolean {
    return this.worker !== null;
  }

  start(
    request: AdvisorJobBody,
    hall: HallConfig,
    estimate: RecordedWorkload,
    policy: string,
  ): AdvisorJobView {
    if (this.worker) throw new HallError('ADVISOR_BUSY');
    const id = crypto.randomUUID();
    const view: AdvisorJobView = {
      id,
      status: 'running',
      startedAt: new Date(this.now()).toISOString(),
      finishedAt: null,
      request,
      progress: { done: 0, total: 1, message: '' },
      workload: workloadView(hall, estimate),
      result: null,
      error: null,
    };
    this.jobs.set(id, { view, hall });
    for (const old of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - KEEP)))
      this.jobs.delete(old);
    const input: AdvisorRunInput = {
      hall,
      workload: estimate.workload,
      budgets: request.budgets,
      policy,
      seed: request.seed,
      searchDays: request.searchDays,
      confirmDays: request.confirmDays,
    };
    const end = (status: 'done' | 'failed', error: string | null) => {
      view.status = status;
      view.error = error;
      view.finishedAt = new Date(this.now()).toISOString();
      this.worker = null;
    };
    // Taken at once (not after the bundle), so a second request is refused at once.
    const placeholder = { terminate: () => Promise.resolve(0) } as unknown as Worker;
    this.worker = placeholder;
    bundledWorker()
      .then((code) => {
        if (this.worker !== placeholder) return;
        const worker = new Worker(code, { eval: true, workerData: input });
        this.worker = worker;
        worker.on('message', (message: { type: string; [k: string]: unknown }) => {
          if (message.type === 'progress')
            view.progress = message.progress as AdvisorJobView['progress'];
          else if (message.type === 'done') {
            view.result = message.result as AdvisorJobView['result'];
            view.progress = { ...view.progress, done: view.progress.total };
            end('done', null);
          } else if (message.type === 'failed') end('failed', String(message.error));
        });
        worker.on('error', (error) => {
          this.log('error', `advisor job ${id}: ${error.message}`);
          if (view.status === 'running') end('failed', error.message);
        });
        worker.on('exit', () => {
          if (view.status === 'running') end('failed', 'worker stopped');
        });
        worker.unref();
      })
      .catch((error: Error) => {
        this.log('error', `advisor job ${id}: ${error.message}`);
        end('failed', error.message);
      });
    return view;
  }

  get(id: string): { view: AdvisorJobView; hall: HallConfig } | undefined {
    return this.jobs.get(id);
  }

  list(): AdvisorJobView[] {
    return [...this.jobs.values()].map((j) => j.view).reverse();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
