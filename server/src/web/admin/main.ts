import '../staff-common/style.css';
import './style.css';
import type {
  AreaConfig,
  HallConfig,
  ServiceConfig,
  WindowConfig,
} from '../../../../shared/src/domain/hall-config';
import { PRIORITY_CLASSES, WINDOW_KINDS } from '../../../../shared/src/domain/hall-config';
import { DEVICE_KINDS } from '../../../../shared/src/protocol/http';
import type { AuditEntryView } from '../../../../shared/src/supervision/http';
import { PRIORITY_ZH, WINDOW_KIND_ZH } from '../../../../shared/src/supervision/texts';
import type { WarningThresholds } from '../../../../shared/src/supervision/warnings';
import { $, dateTime, html, onAction, raw, toast, type Raw } from '../staff-common/dom';
import { ApiFailure, loginScreen, showFailure, StaffSession } from '../staff-common/session';
import { COMMON, windowNo } from '../staff-common/texts';
import { T } from './texts';

/**
 * 大厅管理: the hall's configuration (areas, services, windows, hours, rules), staff,
 * devices, warning thresholds, import and export, and the audit log. Every save goes to
 * the server at once, is audited there, and takes effect without a restart.
 */

type Tab = keyof typeof T.tabs;
interface Staff {
  id: string;
  username: string;
  displayName: string;
  role: keyof typeof T.staff.roles;
  disabled: boolean;
  staffNumber: string | null;
}
interface Device {
  id: string;
  kind: (typeof DEVICE_KINDS)[number];
  name: string;
  windowId: string | null;
  enrolledAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
  connected: boolean;
  offline: boolean;
  paper: 'ok' | 'low' | 'out' | null;
}

const root = document.getElementById('app') as HTMLElement;
const session = new StaffSession('admin', ['admin']);
let config: HallConfig;
let source: 'file' | 'database' = 'file';
let tab: Tab = 'services';
let problems: string[] = [];
/** Sessions added or dropped on the hours tab, not yet saved. */
let hoursDraft: HallConfig['hours'] | null = null;

const zone = () => config?.timeZone ?? 'Asia/Shanghai';
const areaName = (id: string) => config.areas.find((a) => a.id === id)?.name ?? id;
const serviceName = (id: string) => config.services.find((s) => s.id === id)?.name ?? id;

// ---- saving the configuration ---------------------------------------------------------

/** Sends a changed copy of the configuration; the server checks, audits and applies it. */
async function saveConfig(change: (draft: HallConfig) => void): Promise<boolean> {
  const draft = structuredClone(config);
  change(draft);
  try {
    const answer = await session.request<{ config: HallConfig; changes: unknown[] }>(
      'PUT',
      '/api/admin/config',
      draft,
    );
    config = answer.config;
    source = 'database';
    problems = [];
    toast(
      answer.changes.length ? `${T.saved}（${answer.changes.length} ${T.changes}）` : T.noChange,
    );
    render();
    return true;
  } catch (failure) {
    problems = failure instanceof ApiFailure && failure.problems.length ? failure.problems : [];
    if (problems.length === 0) showFailure(failure);
    render();
    return false;
  }
}

// ---- a small form builder -------------------------------------------------------------

interface Field {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'select' | 'textarea' | 'checkbox' | 'password';
  value?: string | number | boolean;
  options?: [string, string][];
  readonly?: boolean;
  required?: boolean;
  attrs?: string;
}

function field(f: Field): Raw {
  const attrs = raw(
    `${f.readonly ? 'readonly' : ''} ${f.required === false ? '' : 'required'} ${f.attrs ?? ''}`,
  );
  if (f.type === 'select')
    return html`<label
      >${f.label}<select name="${f.name}" ${attrs}>
        ${(f.options ?? []).map(
          ([v, l]) =>
            html`<option value="${v}" ${raw(String(f.value) === v ? 'selected' : '')}>
              ${l}
            </option>`,
        )}
      </select></label
    >`;
  if (f.type === 'textarea')
    return html`<label
      >${f.label}<textarea name="${f.name}" rows="4">${f.value ?? ''}</textarea>
    </label>`;
  if (f.type === 'checkbox')
    return html`<label class="inline"
      ><input type="checkbox" name="${f.name}" ${raw(f.value ? 'checked' : '')} />${f.label}</label
    >`;
  return html`<label
    >${f.label}<input name="${f.name}" type="${f.type ?? 'text'}" value="${f.value ?? ''}" ${attrs}
  /></label>`;
}

/** A dialog with fields; `submit` gets the form data and returns whether to close. */
function formDialog(
  title: string,
  body: Raw,
  submit: (data: FormData, form: HTMLFormElement) => Promise<boolean>,
  testId = 'edit-dialog',
): HTMLFormElement {
  const box = $('#dialog') as HTMLDialogElement;
  box.innerHTML = html`<form data-testid="${testId}">
    <h3>${title}</h3>
    <div class="problems" hidden></div>
    <div class="fields">${body}</div>
    <div class="actions">
      <button value="cancel" formnovalidate>${T.cancel}</button>
      <button class="primary" value="ok" data-testid="dialog-save">${T.save}</button>
    </div>
  </form>`.html;
  const form = box.querySelector('form') as HTMLFormElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value === 'cancel') {
      box.close();
      return;
    }
    void submit(new FormData(form), form).then((close) => {
      if (close) box.close();
      else {
        const list = form.querySelector('.problems') as HTMLElement;
        list.hidden = problems.length === 0;
        list.innerHTML = html`<ul>
          ${problems.map((p) => html`<li>${p}</li>`)}
        </ul>`.html;
      }
    });
  });
  box.showModal();
  return form;
}

const num = (data: FormData, name: string) => Number(data.get(name));
const str = (data: FormData, name: string) => String(data.get(name) ?? '').trim();
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

// ---- services, windows, areas ---------------------------------------------------------

function serviceDialog(existing: ServiceConfig | null): void {
  const s = existing;
  formDialog(
    s ? `${T.edit} ${s.name}` : `${T.add}${T.tabs.services}`,
    html`${field({ name: 'id', label: T.service.id, value: s?.id ?? '', readonly: !!s, attrs: 'pattern="[a-z0-9][a-z0-9-]{0,39}"' })}
      ${field({ name: 'name', label: T.service.name, value: s?.name ?? '' })}
      ${field({ name: 'areaId', label: T.service.area, type: 'select', value: s?.areaId ?? config.areas[0]?.id ?? '', options: config.areas.map((a) => [a.id, a.name]) })}
      ${field({ name: 'prefix', label: T.service.prefix, value: s?.prefix ?? '', attrs: 'pattern="[A-Z]{1,2}" maxlength="2"' })}
      <div class="row">
        ${field({ name: 'expectedMinutes', label: T.service.expected, type: 'number', value: s?.expectedMinutes ?? 10, attrs: 'min="1" max="480"' })}
        ${field({ name: 'timeLimitMinutes', label: T.service.limit, type: 'number', value: s?.timeLimitMinutes ?? 30, attrs: 'min="1" max="1440"' })}
        ${field({ name: 'waitWarningMinutes', label: T.service.wait, type: 'number', value: s?.waitWarningMinutes ?? 30, attrs: 'min="1" max="1440"' })}
        ${field({
          name: 'digits',
          label: T.service.digits,
          type: 'select',
          value: s?.digits ?? 3,
          options: [
            ['3', '3'],
            ['4', '4'],
          ],
        })}
      </div>
      ${field({ name: 'materials', label: T.service.materials, type: 'textarea', value: (s?.materials ?? []).join('\n') })}`,
    (data) =>
      saveConfig((draft) => {
        const next: ServiceConfig = {
          id: str(data, 'id'),
          name: str(data, 'name'),
          areaId: str(data, 'areaId'),
          prefix: str(data, 'prefix'),
          expectedMinutes: num(data, 'expectedMinutes'),
          timeLimitMinutes: num(data, 'timeLimitMinutes'),
          waitWarningMinutes: num(data, 'waitWarningMinutes'),
          digits: num(data, 'digits'),
          materials: lines(str(data, 'materials')),
        };
        const at = draft.services.findIndex((x) => x.id === next.id);
        if (s && at >= 0) draft.services[at] = next;
        else draft.services.push(next);
      }),
  );
}

function windowDialog(existing: WindowConfig | null): void {
  const w = existing;
  let chosen = [...(w?.services ?? [])];
  const form = formDialog(
    w ? `${T.edit} ${windowNo(w.number, w.name)}` : `${T.add}${T.tabs.windows}`,
    html`${field({ name: 'id', label: T.window.id, value: w?.id ?? '', readonly: !!w, attrs: 'pattern="[a-z0-9][a-z0-9-]{0,39}"' })}
      <div class="row">
        ${field({ name: 'number', label: T.window.number, type: 'number', value: w?.number ?? Math.max(0, ...config.windows.map((x) => x.number)) + 1, attrs: 'min="1" max="999"' })}
        ${field({ name: 'name', label: T.window.name, value: w?.name ?? '' })}
      </div>
      <div class="row">
        ${field({ name: 'kind', label: T.window.kind, type: 'select', value: w?.kind ?? 'specialised', options: WINDOW_KINDS.map((k) => [k, WINDOW_KIND_ZH[k]]) })}
        ${field({ name: 'areaId', label: T.window.area, type: 'select', value: w?.areaId ?? config.areas[0]?.id ?? '', options: config.areas.map((a) => [a.id, a.name]) })}
      </div>
      <label>${T.window.services}</label>
      <ol class="order" data-testid="window-services"></ol>
      <div class="row">
        <select name="add" data-testid="window-add-service"></select>
        <button type="button" data-act="add">${T.window.add}</button>
      </div>`,
    (data) =>
      saveConfig((draft) => {
        const next: WindowConfig = {
          id: str(data, 'id'),
          number: num(data, 'number'),
          name: str(data, 'name'),
          kind: str(data, 'kind') as WindowConfig['kind'],
          areaId: str(data, 'areaId'),
          services: chosen,
        };
        const at = draft.windows.findIndex((x) => x.id === next.id);
        if (w && at >= 0) draft.windows[at] = next;
        else draft.windows.push(next);
      }),
  );
  const list = $('.order', form);
  const add = $('select[name=add]', form) as HTMLSelectElement;
  const draw = () => {
    list.innerHTML = html`${chosen.map(
      (id, i) =>
        html`<li>
          <span>${serviceName(id)}</span>
          <button
            type="button"
            class="small"
            data-act="up"
            data-i="${i}"
            ${raw(i === 0 ? 'disabled' : '')}
          >
            ${T.window.up}
          </button>
          <button
            type="button"
            class="small"
            data-act="down"
            data-i="${i}"
            ${raw(i === chosen.length - 1 ? 'disabled' : '')}
          >
            ${T.window.down}
          </button>
          <button type="button" class="small danger" data-act="drop" data-i="${i}">
            ${T.remove}
          </button>
        </li>`,
    )}`.html;
    add.innerHTML = html`${config.services
      .filter((s) => !chosen.includes(s.id))
      .map((s) => html`<option value="${s.id}">${s.prefix} ${s.name}</option>`)}`.html;
  };
  form.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-act]');
    if (!button) return;
    const i = Number(button.dataset.i);
    const act = button.dataset.act;
    if (act === 'add' && add.value) chosen = [...chosen, add.value];
    if (act === 'drop') chosen = chosen.filter((_, j) => j !== i);
    if (act === 'up' || act === 'down') {
      const j = act === 'up' ? i - 1 : i + 1;
      const copy = [...chosen];
      [copy[i], copy[j]] = [copy[j] as string, copy[i] as string];
      chosen = copy;
    }
    draw();
  });
  draw();
}

function areaDialog(existing: AreaConfig | null): void {
  const a = existing;
  formDialog(
    a ? `${T.edit} ${a.name}` : `${T.add}${T.tabs.areas}`,
    html`${field({ name: 'id', label: T.area.id, value: a?.id ?? '', readonly: !!a, attrs: 'pattern="[a-z0-9][a-z0-9-]{0,39}"' })}
    ${field({ name: 'name', label: T.area.name, value: a?.name ?? '' })}
    ${field({ name: 'floor', label: T.area.floor, type: 'number', value: a?.floor ?? 1, attrs: 'min="-5" max="100"' })}`,
    (data) =>
      saveConfig((draft) => {
        const next = { id: str(data, 'id'), name: str(data, 'name'), floor: num(data, 'floor') };
        const at = draft.areas.findIndex((x) => x.id === next.id);
        if (a && at >= 0) draft.areas[at] = next;
        else draft.areas.push(next);
      }),
  );
}

function removeFromConfig(kind: 'services' | 'windows' | 'areas', id: string, name: string): void {
  if (!confirm(T.confirmRemove.replace('{name}', name))) return;
  void saveConfig((draft) => {
    if (kind === 'services') {
      draft.services = draft.services.filter((s) => s.id !== id);
      draft.windows = draft.windows.map((w) => ({
        ...w,
        services: w.services.filter((s) => s !== id),
      }));
    } else if (kind === 'windows') draft.windows = draft.windows.filter((w) => w.id !== id);
    else draft.areas = draft.areas.filter((a) => a.id !== id);
  });
}

// ---- tabs -----------------------------------------------------------------------------

function servicesTab(): Raw {
  return html`<div class="bar">
      <button class="primary" data-action="add-service" data-testid="add-service">
        ${T.add}${T.tabs.services}
      </button>
    </div>
    <table data-testid="services">
      <thead>
        <tr>
          <th>${T.heads.services.prefix}</th>
          <th>${T.heads.services.name}</th>
          <th>${T.heads.services.area}</th>
          <th class="num">${T.heads.services.expected}</th>
          <th class="num">${T.heads.services.limit}</th>
          <th class="num">${T.heads.services.wait}</th>
          <th>${T.heads.services.materials}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${config.services.map(
          (s) =>
            html`<tr data-testid="service-${s.id}">
              <td><b>${s.prefix}</b></td>
              <td>${s.name}</td>
              <td>${areaName(s.areaId)}</td>
              <td class="num">${s.expectedMinutes} ${COMMON.minutes}</td>
              <td class="num">${s.timeLimitMinutes} ${COMMON.minutes}</td>
              <td class="num">${s.waitWarningMinutes} ${COMMON.minutes}</td>
              <td class="muted">${s.materials.length} ${COMMON.items}</td>
              <td class="row-actions">
                <button class="small" data-action="edit-service" data-id="${s.id}">
                  ${T.edit}
                </button>
                <button class="small danger" data-action="remove-service" data-id="${s.id}">
                  ${T.remove}
                </button>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function windowsTab(): Raw {
  const sorted = [...config.windows].sort((a, b) => a.number - b.number);
  return html`<div class="bar">
      <button class="primary" data-action="add-window">${T.add}${T.tabs.windows}</button>
    </div>
    <table data-testid="windows">
      <thead>
        <tr>
          <th class="num">${T.heads.windows.number}</th>
          <th>${T.heads.windows.name}</th>
          <th>${T.heads.windows.kind}</th>
          <th>${T.heads.windows.area}</th>
          <th>${T.heads.windows.services}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${sorted.map(
          (w) =>
            html`<tr data-testid="window-${w.number}">
              <td class="num"><b>${w.number}</b></td>
              <td>${w.name}</td>
              <td>${WINDOW_KIND_ZH[w.kind]}</td>
              <td>${areaName(w.areaId)}</td>
              <td class="services">${w.services.map(serviceName).join(' › ')}</td>
              <td class="row-actions">
                <button class="small" data-action="edit-window" data-id="${w.id}">${T.edit}</button>
                <button class="small danger" data-action="remove-window" data-id="${w.id}">
                  ${T.remove}
                </button>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function areasTab(): Raw {
  return html`<div class="bar">
      <button class="primary" data-action="add-area">${T.add}${T.tabs.areas}</button>
    </div>
    <table>
      <thead>
        <tr>
          <th>${T.heads.areas.id}</th>
          <th>${T.heads.areas.name}</th>
          <th class="num">${T.heads.areas.floor}</th>
          <th class="num">${T.heads.areas.services}</th>
          <th class="num">${T.heads.areas.windows}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${config.areas.map(
          (a) =>
            html`<tr>
              <td>${a.id}</td>
              <td>${a.name}</td>
              <td class="num">${a.floor}</td>
              <td class="num">${config.services.filter((s) => s.areaId === a.id).length}</td>
              <td class="num">${config.windows.filter((w) => w.areaId === a.id).length}</td>
              <td class="row-actions">
                <button class="small" data-action="edit-area" data-id="${a.id}">${T.edit}</button>
                <button class="small danger" data-action="remove-area" data-id="${a.id}">
                  ${T.remove}
                </button>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

/** 24-hour HH:MM typed in a text box: the same in every browser locale. */
const CLOCK =
  'required pattern="([01][0-9]|2[0-3]):[0-5][0-9]" placeholder="09:00" maxlength="5" inputmode="numeric"';

function hoursTab(): Raw {
  const h = hoursDraft ?? config.hours;
  return html`<form id="hours-form" class="stack" data-testid="hours-form">
    <table class="week">
      <tbody>
        ${h.weekly.map(
          (sessions, day) =>
            html`<tr data-day="${day}">
              <th>${T.hours.weekdays[day]}</th>
              <td class="sessions">
                ${sessions.length === 0 ? html`<span class="muted">${T.hours.closed}</span>` : ''}
                ${sessions.map(
                  (s, i) =>
                    html`<span class="session"
                      ><input
                        class="clock"
                        name="open-${day}-${i}"
                        value="${s.open}"
                        ${raw(CLOCK)}
                      />
                      –
                      <input
                        class="clock"
                        name="close-${day}-${i}"
                        value="${s.close}"
                        ${raw(CLOCK)}
                      />
                      <button
                        type="button"
                        class="small danger"
                        data-action="drop-session"
                        data-day="${day}"
                        data-i="${i}"
                      >
                        ✕
                      </button></span
                    >`,
                )}
                ${sessions.length < 4 ? html`<button type="button" class="small" data-action="add-session" data-day="${day}">${T.hours.addSession}</button>` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <div class="row">
      ${field({ name: 'lastTicket', label: T.hours.lastTicket, type: 'number', value: h.lastTicketMinutesBeforeClose, attrs: 'min="0" max="120"' })}
    </div>
    ${field({ name: 'enforce', label: T.hours.enforce, type: 'checkbox', value: h.enforce })}
    <div class="row">
      ${field({ name: 'holidays', label: T.hours.holidays, type: 'textarea', value: h.holidays.join('\n') })}
      ${field({ name: 'extra', label: T.hours.extra, type: 'textarea', value: h.extraWorkdays.join('\n') })}
    </div>
    <p class="muted">${T.hours.extended}</p>
    <div class="bar"><button class="primary" data-testid="save-hours">${T.save}</button></div>
  </form>`;
}

/** The hours as the form shows them now (sessions added or dropped before saving). */
function readHours(form: HTMLFormElement): HallConfig['hours'] {
  const data = new FormData(form);
  const weekly = (hoursDraft ?? config.hours).weekly.map((_sessions, day) =>
    [...form.querySelectorAll<HTMLInputElement>(`input[name^="open-${day}-"]`)].map((input) => {
      const i = input.name.split('-')[2];
      return { open: input.value, close: str(data, `close-${day}-${i}`) };
    }),
  );
  return {
    weekly,
    lastTicketMinutesBeforeClose: num(data, 'lastTicket'),
    enforce: data.get('enforce') === 'on',
    holidays: lines(str(data, 'holidays')),
    extraWorkdays: lines(str(data, 'extra')),
  };
}

function rulesTab(): Raw {
  const r = config.rules;
  return html`<form id="rules-form" class="stack">
    ${field({
      name: 'routingPolicy',
      label: T.rules.routing,
      type: 'select',
      value: config.routingPolicy,
      options: [
        ['balanced', T.rules.balanced],
        ['fifo', T.rules.fifo],
      ],
    })}
    <div class="row">
      ${field({ name: 'elderlyAge', label: T.rules.elderlyAge, type: 'number', value: r.elderlyAge, attrs: 'min="50" max="100"' })}
      ${field({ name: 'dailyCapPerPerson', label: T.rules.cap, type: 'number', value: r.dailyCapPerPerson, attrs: 'min="1" max="50"' })}
      ${field({ name: 'maxRecalls', label: T.rules.recalls, type: 'number', value: r.maxRecalls, attrs: 'min="0" max="10"' })}
    </div>
    <div class="row">
      ${field({ name: 'noShowGraceMinutes', label: T.rules.grace, type: 'number', value: r.noShowGraceMinutes, attrs: 'min="0" max="240"' })}
      ${field({ name: 'noShowMaxReturns', label: T.rules.returns, type: 'number', value: r.noShowMaxReturns, attrs: 'min="0" max="5"' })}
    </div>
    <fieldset>
      <legend>${T.rules.boost}</legend>
      <div class="row">
        ${PRIORITY_CLASSES.map((p) =>
          field({
            name: `boost-${p}`,
            label: PRIORITY_ZH[p],
            type: 'number',
            value: r.priorityBoostMinutes[p],
            attrs: 'min="0" max="240"',
          }),
        )}
      </div>
    </fieldset>
    <div class="bar"><button class="primary">${T.save}</button></div>
  </form>`;
}

let staffList: Staff[] = [];
/** 工号: 1–12 digits or letters, as the server checks it. */
const STAFF_NUMBER_ATTRS = 'pattern="[0-9A-Za-z]{1,12}" maxlength="12" autocomplete="off"';
function staffTab(): Raw {
  const roles = Object.entries(T.staff.roles) as [Staff['role'], string][];
  return html`<form id="staff-form" class="row card-inline" data-testid="staff-form">
      ${field({ name: 'username', label: T.staff.username, attrs: 'pattern="[a-z][a-z0-9_.\\-]{1,31}"' })}
      ${field({ name: 'displayName', label: T.staff.name })}
      ${field({ name: 'staffNumber', label: T.staff.staffNumber, required: false, attrs: STAFF_NUMBER_ATTRS })}
      ${field({ name: 'role', label: T.staff.role, type: 'select', value: 'clerk', options: roles })}
      ${field({ name: 'password', label: T.staff.password, type: 'password', attrs: 'minlength="8" autocomplete="new-password"' })}
      <button class="primary">${T.staff.create}</button>
    </form>
    <table data-testid="staff">
      <thead>
        <tr>
          <th>${T.staff.username}</th>
          <th>${T.staff.name}</th>
          <th>${T.staff.staffNumber}</th>
          <th>${T.staff.role}</th>
          <th>${T.staff.status}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${staffList.map(
          (u) =>
            html`<tr data-testid="user-${u.username}" class="${u.disabled ? 'off' : ''}">
              <td>${u.username}</td>
              <td>${u.displayName}</td>
              <td data-testid="staff-number">${u.staffNumber ?? ''}</td>
              <td>
                <select data-action-change="role" data-id="${u.id}">
                  ${roles.map(
                    ([v, l]) =>
                      html`<option value="${v}" ${raw(u.role === v ? 'selected' : '')}>
                        ${l}
                      </option>`,
                  )}
                </select>
              </td>
              <td>
                ${u.disabled ? html`<span class="badge bad">${T.staff.disabled}</span>` : html`<span class="badge ok">${T.staff.enabled}</span>`}
              </td>
              <td class="row-actions">
                <button class="small" data-action="toggle-user" data-id="${u.id}">
                  ${u.disabled ? T.staff.enable : T.staff.disable}
                </button>
                <button class="small" data-action="reset-password" data-id="${u.id}">
                  ${T.staff.reset}
                </button>
                <button class="small" data-action="edit-staff-number" data-id="${u.id}">
                  ${T.staff.editStaffNumber}
                </button>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

let deviceList: Device[] = [];
function deviceStatus(d: Device): Raw {
  if (d.revokedAt) return html`<span class="badge">${T.devices.revoked}</span>`;
  if (!d.enrolledAt) return html`<span class="badge warn">${T.devices.never}</span>`;
  const paper =
    d.paper && d.paper !== 'ok'
      ? html` <span class="badge bad">${T.devices.paper[d.paper]}</span>`
      : '';
  if (d.connected) return html`<span class="badge ok">${T.devices.connected}</span>${paper}`;
  if (d.offline) return html`<span class="badge bad">${T.devices.offline}</span>${paper}`;
  if (d.lastSeenAt)
    return html`<span class="muted">${T.devices.seen} ${dateTime(d.lastSeenAt, zone())}</span
      >${paper}`;
  return html`<span class="muted">${T.devices.notYet}</span>`;
}

function devicesTab(): Raw {
  const windows = [...config.windows].sort((a, b) => a.number - b.number);
  return html`<form id="device-form" class="row card-inline" data-testid="device-form">
      ${field({ name: 'kind', label: T.devices.kind, type: 'select', value: 'kiosk', options: DEVICE_KINDS.map((k) => [k, T.devices.kinds[k]]) })}
      ${field({ name: 'name', label: T.devices.name })}
      ${field({ name: 'windowId', label: T.devices.window, type: 'select', value: '', required: false, options: [['', '—'], ...windows.map((w): [string, string] => [w.id, windowNo(w.number, w.name)])] })}
      <button class="primary" data-testid="enroll">${T.devices.enroll}</button>
    </form>
    <table data-testid="devices">
      <thead>
        <tr>
          <th>${T.devices.name}</th>
          <th>${T.devices.kind}</th>
          <th>${T.devices.window}</th>
          <th>${T.devices.status}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${deviceList.map((d) => {
          const w = config.windows.find((x) => x.id === d.windowId);
          return html`<tr data-testid="device-${d.id}">
            <td>${d.name}</td>
            <td>${T.devices.kinds[d.kind] ?? d.kind}</td>
            <td>${w ? windowNo(w.number) : '—'}</td>
            <td>${deviceStatus(d)}</td>
            <td class="row-actions">
              ${d.revokedAt ? '' : html`<button class="small danger" data-action="revoke" data-id="${d.id}">${T.devices.revoke}</button>`}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
}

let thresholds: WarningThresholds | null = null;
function thresholdsTab(): Raw {
  const t = thresholds;
  if (!t) return html`<p class="muted">…</p>`;
  const keys = [
    'idleWithQueueMinutes',
    'pauseMaxMinutes',
    'deviceOfflineMinutes',
    'caseDeadlineWorkingDays',
  ] as const;
  return html`<form id="thresholds-form" class="stack narrow" data-testid="thresholds-form">
    ${keys.map((k) => field({ name: k, label: T.thresholds[k], type: 'number', value: t[k], attrs: 'min="1" max="480"' }))}
    <p class="muted">${T.thresholds.waitHint}</p>
    <div class="bar"><button class="primary">${T.save}</button></div>
  </form>`;
}

function ioTab(): Raw {
  return html`<div class="stack narrow">
    <p class="muted">${T.source[source]}</p>
    <div>
      <button class="primary" data-action="export" data-testid="export">${T.io.export}</button>
    </div>
    <label
      >${T.io.import}<input
        type="file"
        accept="application/json,.json"
        id="import-file"
        data-testid="import-file"
    /></label>
    <p class="muted">${T.io.importHint}</p>
    <div id="import-result" data-testid="import-result"></div>
  </div>`;
}

let auditList: AuditEntryView[] = [];
const compact = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};
/** A configuration change, path by path, showing only the fields that changed. */
function configChanges(before: unknown, after: unknown): Raw {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  return html`<ul class="changes">
    ${Object.keys({ ...b, ...a }).map((path) => {
      const was = b[path];
      const now = a[path];
      if (isObject(was) && isObject(now)) {
        const keys = Object.keys({ ...was, ...now }).filter(
          (k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]),
        );
        return html`<li>
          <b>${path}</b> ${keys.map(
            (k) => html`<code>${k}: ${compact(was[k])} → ${compact(now[k])}</code> `,
          )}
        </li>`;
      }
      return html`<li><b>${path}</b> <code>${compact(was)} → ${compact(now)}</code></li>`;
    })}
  </ul>`;
}

function auditTab(): Raw {
  return html`<table class="audit" data-testid="audit">
      <thead>
        <tr>
          <th>${T.audit.at}</th>
          <th>${T.audit.who}</th>
          <th>${T.audit.action}</th>
          <th>${T.audit.target}</th>
          <th>${T.audit.change}</th>
        </tr>
      </thead>
      <tbody>
        ${auditList.map(
          (e) =>
            html`<tr>
              <td class="nowrap">${dateTime(e.at, zone())}</td>
              <td>${e.actor}</td>
              <td>${T.actions[e.action] ?? e.action}</td>
              <td>${e.target ?? ''}</td>
              <td class="change">
                ${
                  e.action.startsWith('config.')
                    ? configChanges(e.before, e.after)
                    : html`<code>${compact(e.before)}</code><br /><code
                          >→ ${compact(e.after)}</code
                        >`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${auditList.length >= 100 ? html`<div class="bar"><button data-action="more-audit">${T.audit.more}</button></div>` : ''}`;
}

// ---- page -----------------------------------------------------------------------------

function render(): void {
  const body: Record<Tab, () => Raw> = {
    services: servicesTab,
    windows: windowsTab,
    areas: areasTab,
    hours: hoursTab,
    rules: rulesTab,
    staff: staffTab,
    devices: devicesTab,
    thresholds: thresholdsTab,
    io: ioTab,
    audit: auditTab,
  };
  root.innerHTML = html`<header class="top">
      <h1>${T.title}</h1>
      <span class="hall">${config.name}</span> <span class="spacer"></span
      ><a class="link" href="/advisor" data-testid="advisor-link">${T.advisorLink}</a
      ><span>${session.me?.displayName ?? ''}</span>
      <button data-action="logout">${T.logout}</button>
    </header>
    <nav class="tabs">
      ${(Object.keys(T.tabs) as Tab[]).map(
        (t) =>
          html`<button
            data-action="tab"
            data-tab="${t}"
            class="${t === tab ? 'on' : ''}"
            data-testid="tab-${t}"
          >
            ${T.tabs[t]}
          </button>`,
      )}
    </nav>
    <main class="admin">
      ${
        problems.length
          ? html`<div class="card problems-box" data-testid="problems">
              <b>${T.problems}</b>
              <ul>
                ${problems.map((p) => html`<li>${p}</li>`)}
              </ul>
            </div>`
          : ''
      }
      <section class="card">${body[tab]()}</section>
    </main>
    <dialog id="dialog"></dialog>`.html;
  wireForms();
}

function wireForms(): void {
  const hours = document.getElementById('hours-form') as HTMLFormElement | null;
  hours?.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = readHours(hours);
    void saveConfig((draft) => {
      draft.hours = next;
    }).then((saved) => {
      if (saved) {
        hoursDraft = null;
        render();
      }
    });
  });
  const rules = document.getElementById('rules-form') as HTMLFormElement | null;
  rules?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(rules);
    void saveConfig((draft) => {
      draft.routingPolicy = str(data, 'routingPolicy') as HallConfig['routingPolicy'];
      draft.rules = {
        elderlyAge: num(data, 'elderlyAge'),
        dailyCapPerPerson: num(data, 'dailyCapPerPerson'),
        maxRecalls: num(data, 'maxRecalls'),
        noShowGraceMinutes: num(data, 'noShowGraceMinutes'),
        noShowMaxReturns: num(data, 'noShowMaxReturns'),
        priorityBoostMinutes: Object.fromEntries(
          PRIORITY_CLASSES.map((p) => [p, num(data, `boost-${p}`)]),
        ) as HallConfig['rules']['priorityBoostMinutes'],
      };
    });
  });
  const staff = document.getElementById('staff-form') as HTMLFormElement | null;
  staff?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(staff);
    void guarded(async () => {
      await session.request('POST', '/api/admin/users', {
        username: str(data, 'username'),
        displayName: str(data, 'displayName'),
        role: str(data, 'role'),
        password: String(data.get('password') ?? ''),
        ...(str(data, 'staffNumber') ? { staffNumber: str(data, 'staffNumber') } : {}),
      });
      toast(T.saved);
      await openTab('staff');
    });
  });
  root.querySelectorAll<HTMLSelectElement>('select[data-action-change=role]').forEach((select) =>
    select.addEventListener(
      'change',
      () =>
        void guarded(async () => {
          await session.request('PATCH', `/api/admin/users/${select.dataset.id}`, {
            role: select.value,
          });
          toast(T.saved);
          await openTab('staff');
        }),
    ),
  );
  const device = document.getElementById('device-form') as HTMLFormElement | null;
  device?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(device);
    void guarded(async () => {
      const windowId = str(data, 'windowId');
      const created = await session.request<{ code: string; expiresAt: string }>(
        'POST',
        '/api/admin/devices',
        {
          kind: str(data, 'kind'),
          name: str(data, 'name'),
          ...(windowId ? { windowId } : {}),
        },
      );
      await openTab('devices');
      const box = $('#dialog') as HTMLDialogElement;
      box.innerHTML = html`<form method="dialog" data-testid="code-dialog">
        <h3>${T.devices.code}</h3>
        <p class="code" data-testid="enrollment-code">${created.code}</p>
        <p class="muted">${T.devices.codeHint}</p>
        <div class="actions"><button class="primary">${COMMON.ok}</button></div>
      </form>`.html;
      box.showModal();
    });
  });
  const limits = document.getElementById('thresholds-form') as HTMLFormElement | null;
  limits?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(limits);
    void guarded(async () => {
      const answer = await session.request<{ thresholds: WarningThresholds }>(
        'PUT',
        '/api/admin/thresholds',
        {
          idleWithQueueMinutes: num(data, 'idleWithQueueMinutes'),
          pauseMaxMinutes: num(data, 'pauseMaxMinutes'),
          deviceOfflineMinutes: num(data, 'deviceOfflineMinutes'),
          caseDeadlineWorkingDays: num(data, 'caseDeadlineWorkingDays'),
        },
      );
      thresholds = answer.thresholds;
      toast(T.saved);
    });
  });
  const file = document.getElementById('import-file') as HTMLInputElement | null;
  file?.addEventListener('change', () => void importFile(file));
}

async function importFile(input: HTMLInputElement): Promise<void> {
  const chosen = input.files?.[0];
  const result = $('#import-result');
  if (!chosen) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await chosen.text());
  } catch {
    result.innerHTML = html`<p class="error">${COMMON.notJson}</p>`.html;
    return;
  }
  try {
    const answer = await session.request<{ config: HallConfig; changes: { path: string }[] }>(
      'POST',
      '/api/admin/config/import',
      parsed,
    );
    config = answer.config;
    source = 'database';
    render();
    $('#import-result').innerHTML = html`<p class="ok-text">
        ${T.io.imported}：${answer.changes.length} ${T.changes}
      </p>
      <ul>
        ${answer.changes.map((c) => html`<li><code>${c.path}</code></li>`)}
      </ul>`.html;
  } catch (failure) {
    const list = failure instanceof ApiFailure ? failure.problems : [String(failure)];
    result.innerHTML = html`<p class="error">${failure instanceof Error ? failure.message : ''}</p>
      <ul class="error">
        ${list.map((p) => html`<li>${p}</li>`)}
      </ul>`.html;
  }
}

async function guarded(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (failure) {
    showFailure(failure);
  }
}

async function openTab(next: Tab): Promise<void> {
  tab = next;
  problems = [];
  hoursDraft = null;
  if (tab === 'staff')
    staffList = (await session.request<{ users: Staff[] }>('GET', '/api/admin/users')).users;
  if (tab === 'devices')
    deviceList = (await session.request<{ devices: Device[] }>('GET', '/api/admin/devices'))
      .devices;
  if (tab === 'thresholds')
    thresholds = (
      await session.request<{ thresholds: WarningThresholds }>('GET', '/api/admin/thresholds')
    ).thresholds;
  if (tab === 'audit')
    auditList = (
      await session.request<{ entries: AuditEntryView[] }>('GET', '/api/audit?limit=100')
    ).entries;
  render();
}

async function act(action: string, target: HTMLElement): Promise<void> {
  const id = target.dataset.id ?? '';
  await guarded(async () => {
    switch (action) {
      case 'logout':
        await session.logout();
        location.reload();
        return;
      case 'tab':
        return openTab(target.dataset.tab as Tab);
      case 'add-service':
        return serviceDialog(null);
      case 'edit-service':
        return serviceDialog(config.services.find((s) => s.id === id) ?? null);
      case 'remove-service':
        return removeFromConfig('services', id, serviceName(id));
      case 'add-window':
        return windowDialog(null);
      case 'edit-window':
        return windowDialog(config.windows.find((w) => w.id === id) ?? null);
      case 'remove-window': {
        const w = config.windows.find((x) => x.id === id);
        return removeFromConfig('windows', id, w ? windowNo(w.number, w.name) : id);
      }
      case 'add-area':
        return areaDialog(null);
      case 'edit-area':
        return areaDialog(config.areas.find((a) => a.id === id) ?? null);
      case 'remove-area':
        return removeFromConfig('areas', id, areaName(id));
      case 'add-session':
      case 'drop-session': {
        const form = document.getElementById('hours-form') as HTMLFormElement;
        const hours = readHours(form);
        const day = Number(target.dataset.day);
        const sessions = hours.weekly[day] ?? [];
        if (action === 'add-session') sessions.push({ open: '14:00', close: '17:00' });
        else sessions.splice(Number(target.dataset.i), 1);
        hours.weekly[day] = sessions;
        // Shown, not saved: the form is redrawn with the change; 保存 sends it.
        hoursDraft = hours;
        render();
        return;
      }
      case 'toggle-user': {
        const user = staffList.find((u) => u.id === id);
        await session.request('PATCH', `/api/admin/users/${id}`, { disabled: !user?.disabled });
        toast(T.saved);
        return openTab('staff');
      }
      case 'edit-staff-number': {
        const user = staffList.find((u) => u.id === id);
        formDialog(
          `${T.staff.editStaffNumber}：${user?.username ?? ''}`,
          field({
            name: 'staffNumber',
            label: T.staff.staffNumberHint,
            value: user?.staffNumber ?? '',
            required: false,
            attrs: STAFF_NUMBER_ATTRS,
          }),
          async (data) => {
            try {
              await session.request('PATCH', `/api/admin/users/${id}`, {
                staffNumber: str(data, 'staffNumber') || null,
              });
              toast(T.saved);
              await openTab('staff');
              return true;
            } catch (failure) {
              showFailure(failure);
              return false;
            }
          },
        );
        return;
      }
      case 'reset-password':
        formDialog(
          T.staff.reset,
          field({
            name: 'password',
            label: T.staff.newPassword,
            type: 'password',
            attrs: 'minlength="8" autocomplete="new-password"',
          }),
          async (data) => {
            try {
              await session.request('PATCH', `/api/admin/users/${id}`, {
                password: String(data.get('password')),
              });
              toast(T.saved);
              return true;
            } catch (failure) {
              showFailure(failure);
              return false;
            }
          },
        );
        return;
      case 'revoke':
        if (!confirm(`${T.devices.revoke}？`)) return;
        await session.request('DELETE', `/api/admin/devices/${id}`);
        toast(T.saved);
        return openTab('devices');
      case 'export':
        return session.download('/api/admin/config/export', `${config.id}.json`);
      case 'more-audit': {
        const last = auditList[auditList.length - 1];
        const more = (
          await session.request<{ entries: AuditEntryView[] }>(
            'GET',
            `/api/audit?limit=100&before=${last?.id ?? ''}`,
          )
        ).entries;
        auditList = [...auditList, ...more];
        render();
        return;
      }
    }
  });
}

async function start(): Promise<void> {
  if (!(await session.resume()))
    await loginScreen(root, session, { title: T.title, hint: T.loginHint });
  const answer = await session.request<{ config: HallConfig; source: 'file' | 'database' }>(
    'GET',
    '/api/admin/config',
  );
  config = answer.config;
  source = answer.source;
  render();
  onAction(root, (action, target) => void act(action, target));
}

void start();
