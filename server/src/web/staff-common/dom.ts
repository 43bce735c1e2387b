/** Small DOM helpers the staff consoles share (no framework: fast on a modest PC). */

export const escapeHtml = (text: unknown): string =>
  String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `html` tagged template: interpolated values are escaped unless wrapped in raw(). */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string): Raw => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const part = Array.isArray(value)
      ? value.map((v) => (v instanceof Raw ? v.html : escapeHtml(v))).join('')
      : value instanceof Raw
        ? value.html
        : value === null || value === undefined || value === false
          ? ''
          : escapeHtml(value);
    out += part + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

export function $(selector: string, root: ParentNode = document): HTMLElement {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found as HTMLElement;
}

/** Time of day in the hall's zone: 10:32. */
export function clock(iso: string | number, timeZone: string): string {
  return new Date(iso).toLocaleTimeString('zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  });
}

/** Date and time in the hall's zone: 11-23 10:32. */
export function dateTime(iso: string | number, timeZone: string): string {
  const d = new Date(iso);
  const date = d
    .toLocaleDateString('zh-CN', { month: '2-digit', day: '2-digit', timeZone })
    .replace(/\//g, '-');
  return `${date} ${clock(iso, timeZone)}`;
}

/** Runs `handler` for clicks on elements with data-action inside `root`. */
export function onAction(
  root: HTMLElement,
  handler: (action: string, target: HTMLElement, event: Event) => void,
): void {
  root.addEventListener('click', (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-action]');
    if (target && root.contains(target)) handler(target.dataset.action ?? '', target, event);
  });
}

/** A short message at the bottom of the screen. */
export function toast(message: string, kind: 'ok' | 'error' = 'ok'): void {
  let box = document.getElementById('toast');
  if (!box) {
    box = document.createElement('div');
    box.id = 'toast';
    document.body.append(box);
  }
  const item = document.createElement('div');
  item.className = `toast ${kind}`;
  item.textContent = message;
  item.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}
