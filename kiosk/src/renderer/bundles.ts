import './bundles.css';
import type { BundleOfferView, IssuedTicket } from '../../../shared/src/protocol';
import { both, escape } from './html';
import { BUNDLE_TEXT } from './texts';

/**
 * 一件事一次办 at the kiosk: the bundles (企业开办, 不动产交易…) in large type, then one
 * bundle's steps in order with the combined materials list (一次性告知, each once), then
 * one ticket for all of it. The slip lists the steps. Pure rendering: main.ts wires it.
 */

/** The home screen's entry, shown only when the hall offers bundles. */
export function bundleEntry(bundles: readonly BundleOfferView[] | undefined): string {
  if (!bundles || bundles.length === 0) return '';
  return `<button type="button" class="btn secondary bundle-entry" data-action="bundles" data-testid="bundle-entry">${both(BUNDLE_TEXT.entry)}</button>`;
}

export function bundleList(bundles: readonly BundleOfferView[], backButton: string): string {
  const tiles = bundles
    .map(
      (b) => `<button type="button" class="tile bundle" data-action="bundle:${escape(b.id)}">
        <span class="tile-name">${escape(b.name)}</span>
        <span class="bundle-path">${b.steps.map((s) => escape(s.serviceName)).join(' → ')}</span>
        <span class="figure count">${escape(BUNDLE_TEXT.stepCount.zh.replace('{n}', String(b.steps.length)))}</span>
      </button>`,
    )
    .join('');
  return `<section class="screen bundles" data-screen="bundles">
    <h1>${both(BUNDLE_TEXT.choose)}</h1>
    <p class="bundle-hint">${both(BUNDLE_TEXT.entryHint)}</p>
    <div class="tiles bundle-list">${tiles}</div>
    <div class="actions">${backButton}</div>
  </section>`;
}

export function bundleDetail(
  bundle: BundleOfferView | undefined,
  buttons: { back: string; confirm: string },
): string {
  if (!bundle) return `<section class="screen" data-screen="bundle"></section>`;
  const steps = bundle.steps
    .map(
      (s, i) =>
        `<li><b class="step-no">${i + 1}</b><span class="step-name">${escape(s.serviceName)}</span>${
          s.optional ? `<span class="step-optional">${escape(BUNDLE_TEXT.optional.zh)}</span>` : ''
        }</li>`,
    )
    .join('');
  const materials = bundle.materials.map((m) => `<li>${escape(m)}</li>`).join('');
  return `<section class="screen bundle-screen" data-screen="bundle">
    <h1 class="service-name" data-testid="bundle-name">${escape(bundle.name)}</h1>
    <div class="bundle-body">
      <div class="bundle-steps"><h2>${both(BUNDLE_TEXT.steps)}</h2><ol class="steps" data-testid="bundle-steps">${steps}</ol></div>
      <div class="bundle-materials"><h2>${both(BUNDLE_TEXT.materials)}</h2><ol class="materials" data-testid="materials">${materials}</ol></div>
    </div>
    <div class="actions">${buttons.back}${buttons.confirm}</div>
  </section>`;
}

/** On the slip screen of a bundle ticket: the steps, where the citizen goes first. */
export function bundleSlipSteps(ticket: IssuedTicket): string {
  const bundle = ticket.bundle;
  if (!bundle) return '';
  const steps = bundle.steps
    .filter((s) => s.status !== 'skipped')
    .map((s) => `<li>${escape(s.serviceName)}</li>`)
    .join('');
  return `<div class="slip-bundle" data-testid="slip-bundle"><p class="bundle-title">${escape(bundle.name)} · ${escape(BUNDLE_TEXT.entry.zh)}</p><ol class="slip-steps">${steps}</ol><p class="bundle-hint">${both(BUNDLE_TEXT.slipSteps)}</p></div>`;
}
