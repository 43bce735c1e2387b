import { z } from 'zod';
import { combinedMaterials, currentStep, nextStep, type TicketBundle } from '../domain/bundle';
import type { HallConfig } from '../domain/hall-config';
import type { HallState } from '../domain/hall-state';
import type { Ticket } from '../domain/ticket';

/** 一件事一次办 as the API, the kiosk, the status page and the boards see it. */

/** POST /api/windows/:id/steps: the clerk adds a step to the bundle ticket at the window. */
export const addStepBody = z.object({ serviceId: z.string().min(1).max(64) }).strict();

export type BundleStepView = {
  serviceId: string;
  serviceName: string;
  /** current: the step the ticket is in now (waiting, called or served for it). */
  status: 'done' | 'current' | 'pending' | 'skipped';
  optional: boolean;
  /** Added by the clerk after issue. */
  added: boolean;
  /** The window that finished it. */
  windowNumber: number | null;
};

export type BundleGoTo = {
  serviceId: string;
  serviceName: string;
  /** The windows that serve it (the open ones when any is open): "请到 36–39号窗口". */
  windowNumbers: number[];
};

export type TicketBundleView = {
  id: string;
  name: string;
  nameEn: string | null;
  steps: BundleStepView[];
  done: number;
  /** Steps that are not skipped. */
  total: number;
  /** Where the citizen goes now: the current step, once an earlier step is done. */
  current: BundleGoTo | null;
  /** The step after the current one. */
  next: BundleGoTo | null;
};

/** A bundle as the kiosk and the guide offer it, with its combined 一次性告知. */
export type BundleOfferView = {
  id: string;
  name: string;
  nameEn: string | null;
  steps: { serviceId: string; serviceName: string; optional: boolean }[];
  /** Every material of every step, each once. */
  materials: string[];
};

const serviceName = (config: HallConfig, id: string) =>
  config.services.find((s) => s.id === id)?.name ?? id;

/** Windows that serve a service: the open ones when any is open, else every one. */
export function windowsServing(state: HallState | null, config: HallConfig, serviceId: string) {
  const all = config.windows.filter(
    (w) =>
      w.services.includes(serviceId) ||
      (state?.window(w.id)?.extraServiceIds ?? []).includes(serviceId),
  );
  const open = state ? all.filter((w) => state.window(w.id)?.status === 'open') : [];
  return (open.length > 0 ? open : all).map((w) => w.number);
}

function goTo(state: HallState | null, config: HallConfig, serviceId: string): BundleGoTo {
  return {
    serviceId,
    serviceName: serviceName(config, serviceId),
    windowNumbers: windowsServing(state, config, serviceId),
  };
}

export function ticketBundleView(
  state: HallState | null,
  config: HallConfig,
  ticket: Ticket,
): TicketBundleView | null {
  const bundle: TicketBundle | null | undefined = ticket.bundle;
  if (!bundle) return null;
  const def = config.bundles.find((b) => b.id === bundle.bundleId);
  const active = ticket.status === 'waiting' || ticket.status === 'called';
  const current = ticket.status === 'done' ? undefined : currentStep(bundle);
  const next = ticket.status === 'done' ? undefined : nextStep(bundle);
  const windowNumber = (id: string | null) =>
    config.windows.find((w) => w.id === id)?.number ?? null;
  const done = bundle.steps.filter((s) => s.status === 'done').length;
  return {
    id: bundle.bundleId,
    name: def?.name ?? bundle.bundleId,
    nameEn: def?.nameEn ?? null,
    steps: bundle.steps.map((step) => ({
      serviceId: step.serviceId,
      serviceName: serviceName(config, step.serviceId),
      status: step === current ? 'current' : step.status,
      optional: step.optional,
      added: step.added,
      windowNumber: windowNumber(step.windowId),
    })),
    done,
    total: bundle.steps.filter((s) => s.status !== 'skipped').length,
    current: current && active && done > 0 ? goTo(state, config, current.serviceId) : null,
    next: next ? goTo(state, config, next.serviceId) : null,
  };
}

export function bundleOfferViews(config: HallConfig): BundleOfferView[] {
  return config.bundles.map((bundle) => ({
    id: bundle.id,
    name: bundle.name,
    nameEn: bundle.nameEn ?? null,
    steps: bundle.steps.map((s) => ({
      serviceId: s.serviceId,
      serviceName: serviceName(config, s.serviceId),
      optional: s.optional,
    })),
    materials: combinedMaterials(
      config,
      bundle.steps.map((s) => s.serviceId),
    ),
  }));
}

/** The materials of a bundle ticket's steps still to do, each once. */
export function bundleTicketMaterials(config: HallConfig, ticket: Ticket): string[] | null {
  if (!ticket.bundle) return null;
  return combinedMaterials(
    config,
    ticket.bundle.steps.filter((s) => s.status !== 'skipped').map((s) => s.serviceId),
  );
}
