/** Small helpers the display pages share (no framework: the pages are few and simple). */

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function element<T extends HTMLElement = HTMLElement>(
  selector: string,
  root: ParentNode = document,
): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no element ${selector}`);
  return found;
}

/** Replaces an element's markup only when it changed (animations keep running otherwise). */
const shown = new WeakMap<Element, string>();
export function setHtml(target: Element, html: string): boolean {
  if (shown.get(target) === html) return false;
  shown.set(target, html);
  target.innerHTML = html;
  return true;
}

/** Restarts a CSS animation class on an element (a flash on each call, even twice in a row). */
export function restartClass(target: Element, className: string): void {
  target.classList.remove(className);
  void (target as HTMLElement).offsetWidth; // reflow: the animation starts again
  target.classList.add(className);
}

/** The page's query parameters. */
export const query = new URLSearchParams(location.search);

/** The last path segment as a window number (/window/5 → 5), or null. */
export function windowNumberFromPath(): number | null {
  const last = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
  return /^\d{1,3}$/.test(last) ? Number(last) : null;
}

/** hh:mm in the hall's zone. */
export function clockText(date: Date, timeZone: string): string {
  return date.toLocaleTimeString('zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  });
}

/** 2026年11月23日 星期一, in the hall's zone. */
export function dateText(date: Date, timeZone: string): string {
  return date.toLocaleDateString('zh-CN', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    timeZone,
  });
}
