import type { Text } from './texts';

/** Escapes text for the kiosk's HTML templates. */
export const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Chinese, with the English on a second, smaller line. */
export function both(t: Text, tag = 'span'): string {
  return `<${tag} class="zh">${escape(t.zh)}</${tag}>${t.en ? `<${tag} class="en" lang="en">${escape(t.en)}</${tag}>` : ''}`;
}
