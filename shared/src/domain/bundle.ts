import type { Command } from './commands';
import { HallError } from './errors';
import type { DomainEvent } from './events';
import type { BundleConfig, HallConfig } from './hall-config';
import type { Ticket } from './ticket';

/**
 * 一件事一次办: one ticket for an ordered list of services. The ticket carries its steps;
 * its serviceId is always the current step (the first pending one), so queues, routing
 * and windows need to know nothing more. Finishing a step with steps left puts the
 * ticket into the next step's queue with its original queueKey (the citizen never queues
 * from the back again), or keeps it at the window when that window serves the next step.
 */

export type BundleStepStatus = 'pending' | 'done' | 'skipped';

export interface BundleStep {
  serviceId: string;
  /** Optional steps (and steps a clerk added) may be skipped; required ones may not. */
  optional: boolean;
  status: BundleStepStatus;
  /** Added by a clerk after the ticket was issued. */
  added: boolean;
  /** When the step became the current one: it queued (or went on at the window) from then. */
  readyAt: number | null;
  /** When it was first called to a window. */
  calledAt: number | null;
  finishedAt: number | null;
  /** The window that finished it. */
  windowId: string | null;
}

export interface TicketBundle {
  bundleId: string;
  steps: BundleStep[];
  /** The first call of the first step: the bundle's report time runs from here. */
  firstCalledAt: number | null;
}

export function cloneBundle(bundle: TicketBundle): TicketBundle {
  return { ...bundle, steps: bundle.steps.map((s) => ({ ...s })) };
}

export function bundleConfig(config: HallConfig, bundleId: string): BundleConfig {
  const bundle = config.bundles.find((b) => b.id === bundleId);
  if (!bundle) throw new HallError('BUNDLE_NOT_FOUND', { bundleId });
  return bundle;
}

/**
 * The steps of a new bundle ticket. `chosen` lists the optional steps the citizen needs
 * (null: all of them); left-out optional steps are kept as skipped, so everyone sees them.
 */
export function newTicketBundle(
  bundle: BundleConfig,
  chosen: readonly string[] | null | undefined,
  at: number,
): TicketBundle {
  if (chosen) {
    for (const serviceId of chosen) {
      if (!bundle.steps.some((s) => s.serviceId === serviceId))
        throw new HallError('BUNDLE_STEP_NOT_FOUND', { serviceId });
    }
  }
  const steps: BundleStep[] = bundle.steps.map((step) => ({
    serviceId: step.serviceId,
    optional: step.optional,
    status: step.optional && chosen && !chosen.includes(step.serviceId) ? 'skipped' : 'pending',
    added: false,
    readyAt: null,
    calledAt: null,
    finishedAt: null,
    windowId: null,
  }));
  const first = steps.find((s) => s.status === 'pending');
  if (first) first.readyAt = at;
  return { bundleId: bundle.id, steps, firstCalledAt: null };
}

export function currentStep(bundle: TicketBundle): BundleStep | undefined {
  return bundle.steps.find((s) => s.status === 'pending');
}

/** The step after the current one, if any: where the citizen goes next. */
export function nextStep(bundle: TicketBundle): BundleStep | undefined {
  return bundle.steps.filter((s) => s.status === 'pending')[1];
}

/**
 * 一次性告知 for the given steps: every material of their services, each once, in step order.
 * Takes only the services (a HallConfig is one): the kiosk computes the same list from the
 * hall it was sent, as the citizen switches optional steps.
 */
export function combinedMaterials(
  config: { readonly services: readonly { id: string; materials?: readonly string[] }[] },
  serviceIds: readonly string[],
): string[] {
  const seen = new Set<string>();
  for (const serviceId of serviceIds) {
    const service = config.services.find((s) => s.id === serviceId);
    for (const material of service?.materials ?? []) seen.add(material.trim());
  }
  return [...seen];
}

/**
 * For routing: the queue key a ticket would have if it had queued only since its current
 * step fell due. A bundle ticket keeps its original place in the queue (queueKey), but
 * it has not waited at this step since then: a policy scoring how long a head has waited
 * must not see two hours where there were two minutes.
 */
export function stepQueueKey(ticket: Ticket): number {
  const readyAt = ticket.bundle ? (currentStep(ticket.bundle)?.readyAt ?? null) : null;
  return readyAt !== null && readyAt > ticket.issuedAt
    ? ticket.queueKey + (readyAt - ticket.issuedAt)
    : ticket.queueKey;
}

// ---- decisions ----------------------------------------------------------------------

/**
 * `finish` at a window on a bundle ticket with steps left: the step is done and the ticket
 * goes on. Null when the ticket is no bundle or this is its last step (a plain finish).
 */
export function decideStepFinish(
  ticket: Ticket,
  windowId: string,
  windowServices: readonly string[],
  now: number,
): DomainEvent | null {
  if (!ticket.bundle) return null;
  const next = nextStep(ticket.bundle);
  if (!next) return null;
  return {
    type: 'ticket.step-finished',
    at: now,
    ticketId: ticket.id,
    windowId,
    serviceId: ticket.serviceId,
    nextServiceId: next.serviceId,
    // The 一件事 comprehensive window serves the next step in the same sitting.
    stay: windowServices.includes(next.serviceId),
  };
}

/** A clerk adds a step the citizen turns out to need (right after the current one) or skips one. */
export function decideStepChange(
  config: HallConfig,
  ticket: Ticket,
  command: Extract<Command, { type: 'add-step' | 'skip-step' }>,
  now: number,
): DomainEvent[] {
  const bundle = ticket.bundle;
  if (!bundle) throw new HallError('NOT_A_BUNDLE');
  if (!config.services.some((s) => s.id === command.serviceId))
    throw new HallError('SERVICE_NOT_FOUND', { serviceId: command.serviceId });
  const step = bundle.steps.find((s) => s.serviceId === command.serviceId);
  const current = currentStep(bundle);
  if (command.type === 'add-step') {
    if (step && step.status !== 'skipped') throw new HallError('BUNDLE_STEP_EXISTS');
    // A skipped step added back is moved: the index counts the steps without it.
    const others = bundle.steps.filter((s) => s !== step);
    const index = current ? others.indexOf(current) + 1 : others.length;
    return [
      {
        type: 'ticket.step-added',
        at: now,
        ticketId: ticket.id,
        windowId: command.windowId,
        serviceId: command.serviceId,
        index,
      },
    ];
  }
  if (!step) throw new HallError('BUNDLE_STEP_NOT_FOUND', { serviceId: command.serviceId });
  if (step.status !== 'pending' || step === current) throw new HallError('BUNDLE_STEP_NOT_PENDING');
  if (!step.optional) throw new HallError('BUNDLE_STEP_REQUIRED');
  return [
    {
      type: 'ticket.step-skipped',
      at: now,
      ticketId: ticket.id,
      windowId: command.windowId,
      serviceId: command.serviceId,
    },
  ];
}

/** A transfer (转交, 分流) inside a bundle may not send the ticket to a step already done. */
export function checkBundleTransfer(ticket: Ticket, toServiceId: string): void {
  const bundle = ticket.bundle;
  if (!bundle || toServiceId === ticket.serviceId) return;
  const step = bundle.steps.find((s) => s.serviceId === toServiceId);
  if (step && step.status === 'done') throw new HallError('BUNDLE_STEP_EXISTS');
}

// ---- applying (the state's one way to change a bundle) ------------------------------

export function applyBundleCalled(ticket: Ticket, at: number): void {
  const bundle = ticket.bundle;
  if (!bundle) return;
  bundle.firstCalledAt ??= at;
  const step = currentStep(bundle);
  if (step) step.calledAt ??= at;
}

/** The current step is done (a step-finished or the last step's plain finish). */
export function applyBundleStepDone(ticket: Ticket, windowId: string, at: number): void {
  const bundle = ticket.bundle;
  if (!bundle) return;
  const step = currentStep(bundle);
  if (!step) return;
  step.status = 'done';
  step.finishedAt = at;
  step.windowId = windowId;
  const next = currentStep(bundle);
  if (next) {
    next.readyAt = at;
    ticket.serviceId = next.serviceId;
  }
}

/**
 * A transfer moves the current step to another service: a later step of the bundle comes
 * forward (the current one stays pending after it), anything else replaces the current one.
 */
export function applyBundleTransfer(ticket: Ticket, toServiceId: string, at: number): void {
  const bundle = ticket.bundle;
  if (!bundle) return;
  const current = currentStep(bundle);
  if (!current || current.serviceId === toServiceId) return;
  const other = bundle.steps.findIndex((s) => s.serviceId === toServiceId);
  if (other >= 0) {
    const [moved] = bundle.steps.splice(other, 1);
    if (!moved) return;
    moved.status = 'pending';
    moved.readyAt = at;
    bundle.steps.splice(bundle.steps.indexOf(current), 0, moved);
    return;
  }
  current.serviceId = toServiceId;
  current.readyAt = at;
}

export function applyBundleStepAdded(ticket: Ticket, serviceId: string, index: number): void {
  const bundle = ticket.bundle;
  if (!bundle) return;
  const existing = bundle.steps.findIndex((s) => s.serviceId === serviceId);
  if (existing >= 0) bundle.steps.splice(existing, 1);
  const step: BundleStep = {
    serviceId,
    optional: true,
    status: 'pending',
    added: true,
    readyAt: null,
    calledAt: null,
    finishedAt: null,
    windowId: null,
  };
  bundle.steps.splice(Math.min(index, bundle.steps.length), 0, step);
}

export function applyBundleStepSkipped(ticket: Ticket, serviceId: string): void {
  const step = ticket.bundle?.steps.find((s) => s.serviceId === serviceId);
  if (step) step.status = 'skipped';
}
