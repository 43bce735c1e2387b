import { combinedMaterials } from '../../../shared/src/domain/bundle';
import type { BundleOfferView, IssuedTicket } from '../../../shared/src/protocol';
import { both, escape } from './html';
import { BUNDLE_TEXT, fill } from './texts';

/**
 * 一件事一次办 at the kiosk: the bundles (企业开办, 不动产交易…) in large type, then one
 * bundle's steps in order with the combined materials list (一次性告知, each once), then
 * one ticket for all of it. Each optional step is a large checkbox (on by default): the
 * citizen leaves out what they do not need, the materials list follows, and the ticket
 * request names the optional steps wanted (`bundleSteps`). The slip lists the steps to do.
 * Pure rendering (its styles, bundles.css, are imported by main.ts): main.ts wires it.
 */

/** The services as the kiosk knows them (GET /api/hall/config): their materials. */
export type ServiceMaterials = readonly { id: string; materials: readonly string[] }[];

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

/** The optional steps the citizen wants: every optional step not switched off (bundleSteps). */
export function chosenSteps(bundle: BundleOfferView, skipped: readonly string[]): string[] {
  return bundle.steps
    .filter((s) => s.optional && !skipped.includes(s.serviceId))
    .map((s) => s.serviceId);
}

/** 一次性告知 for the steps to do: the same list the server puts on the ticket. */
export function bundleMaterials(
  bundle: BundleOfferView,
  services: ServiceMaterials,
  skipped: readonly string[],
): string[] {
  const toDo = bundle.steps.filter((s) => !(s.optional && skipped.includes(s.serviceId)));
  return combinedMaterials(
    { services },
    toDo.map((s) => s.serviceId),
  );
}

function stepItem(
  step: BundleOfferView['steps'][number],
  index: number,
  skipped: readonly string[],
): string {
  const no = `<b class="step-no" aria-hidden="true">${index + 1}</b>`;
  const name = `<span class="step-name">${escape(step.serviceName)}</span>`;
  if (!step.optional) {
    return `<li class="step fixed" data-step="${escape(step.serviceId)}">${no}${name}<span class="step-tag required">${escape(BUNDLE_TEXT.required.zh)}</span></li>`;
  }
  const on = !skipped.includes(step.serviceId);
  const state = on ? BUNDLE_TEXT.wanted : BUNDLE_TEXT.notWanted;
  // A real checkbox inside its label: the whole row is the touch target, and the label
  // (name, 可选, 需要办理/不需要) is what a screen reader says with its state.
  return `<li class="step optional ${on ? 'on' : 'off'}" data-step="${escape(step.serviceId)}" data-chosen="${on}">
    <label class="step-toggle">
      <input type="checkbox" class="step-check" data-step-toggle="${escape(step.serviceId)}"${on ? ' checked' : ''}>
      ${no}${name}<span class="step-tag optional-tag">${escape(BUNDLE_TEXT.optional.zh)}</span><span class="step-state" data-testid="step-state-${escape(step.serviceId)}">${escape(state.zh)}</span>
    </label>
  </li>`;
}

export function bundleDetail(
  bundle: BundleOfferView | undefined,
  services: ServiceMaterials,
  skipped: readonly string[],
  buttons: { back: string; confirm: string },
): string {
  if (!bundle) return `<section class="screen" data-screen="bundle"></section>`;
  const steps = bundle.steps.map((s, i) => stepItem(s, i, skipped)).join('');
  const hasOptional = bundle.steps.some((s) => s.optional);
  // The list may scroll (19 items for 企业开办, in elderly type): its box scrolls (the
  // list's two columns stay balanced) and tabindex lets a keyboard reach and scroll it.
  const materials = bundleMaterials(bundle, services, skipped)
    .map((m) => `<li>${escape(m)}</li>`)
    .join('');
  return `<section class="screen bundle-screen" data-screen="bundle">
    <h1 class="service-name" data-testid="bundle-name">${escape(bundle.name)}</h1>
    <div class="bundle-body">
      <div class="bundle-steps"><h2>${both(BUNDLE_TEXT.steps)}</h2>${
        hasOptional ? `<p class="bundle-hint choose-hint">${both(BUNDLE_TEXT.chooseSteps)}</p>` : ''
      }<ol class="steps" data-testid="bundle-steps">${steps}</ol></div>
      <div class="bundle-materials"><h2>${both(BUNDLE_TEXT.materials)}</h2><div class="materials-scroll" tabindex="0"><ol class="materials" data-testid="materials">${materials}</ol></div></div>
    </div>
    <div class="actions">${buttons.back}${buttons.confirm}</div>
  </section>`;
}

/** What elderly mode reads out on a bundle's screen: the steps, the choice, the materials. */
export function bundleGuidance(
  bundle: BundleOfferView,
  services: ServiceMaterials,
  skipped: readonly string[],
): string {
  const steps = bundle.steps
    .map((s, i) => {
      if (!s.optional) return `第${i + 1}步 ${s.serviceName}`;
      const state = skipped.includes(s.serviceId) ? BUNDLE_TEXT.notWanted : BUNDLE_TEXT.wanted;
      return `第${i + 1}步 ${s.serviceName}，${BUNDLE_TEXT.optional.zh}，现在是“${state.zh}”`;
    })
    .join('；');
  const choose = bundle.steps.some((s) => s.optional) ? `${BUNDLE_TEXT.chooseSteps.zh}。` : '';
  const list = bundleMaterials(bundle, services, skipped).join('，');
  return `${bundle.name}，共 ${bundle.steps.length} 步：${steps}。${choose}${
    list ? `${BUNDLE_TEXT.materials.zh}：${list}。` : ''
  }确认后请按“${BUNDLE_TEXT.confirm.zh}”`;
}

/** Said when the citizen switches an optional step: the new state and the new list's size. */
export function stepChoiceSpoken(
  bundle: BundleOfferView,
  services: ServiceMaterials,
  serviceId: string,
  skipped: readonly string[],
): string {
  const step = bundle.steps.find((s) => s.serviceId === serviceId);
  const state = skipped.includes(serviceId) ? BUNDLE_TEXT.notWanted : BUNDLE_TEXT.wanted;
  const n = bundleMaterials(bundle, services, skipped).length;
  return `${step?.serviceName ?? ''}：${state.zh}。${fill(BUNDLE_TEXT.materialsNow, { n }).zh}`;
}

/** On the slip screen of a bundle ticket: the steps to do, where the citizen goes first. */
export function bundleSlipSteps(ticket: IssuedTicket): string {
  const bundle = ticket.bundle;
  if (!bundle) return '';
  const steps = bundle.steps
    .filter((s) => s.status !== 'skipped')
    .map((s) => `<li>${escape(s.serviceName)}</li>`)
    .join('');
  return `<div class="slip-bundle" data-testid="slip-bundle"><p class="bundle-title">${escape(bundle.name)} · ${escape(BUNDLE_TEXT.entry.zh)}</p><ol class="slip-steps">${steps}</ol><p class="bundle-hint">${both(BUNDLE_TEXT.slipSteps)}</p></div>`;
}

/** The printed slip's step list: the steps to do, in order (skipped ones are not printed). */
export function slipStepNames(ticket: IssuedTicket): string[] | undefined {
  return ticket.bundle?.steps.filter((s) => s.status !== 'skipped').map((s) => s.serviceName);
}
