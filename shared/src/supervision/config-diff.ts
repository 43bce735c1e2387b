import type { HallConfig } from '../domain/hall-config';

/**
 * What an administrator's change did to the hall configuration, entity by entity: the
 * audit log keeps these (who, when, before, after), and the admin page shows them.
 */
export interface ConfigChange {
  /** `services.tax`, `windows.w03`, `hours.holidays`, `rules.maxRecalls`, `name`… */
  path: string;
  /** null when the entity was added. */
  before: unknown;
  /** null when the entity was removed. */
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function byId<T extends { id: string }>(
  section: string,
  before: readonly T[],
  after: readonly T[],
  out: ConfigChange[],
): void {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  for (const [id, item] of old) {
    const next = now.get(id);
    if (!next) out.push({ path: `${section}.${id}`, before: item, after: null });
    else if (!same(item, next)) out.push({ path: `${section}.${id}`, before: item, after: next });
  }
  for (const [id, item] of now) {
    if (!old.has(id)) out.push({ path: `${section}.${id}`, before: null, after: item });
  }
  const order = (list: readonly T[]) =>
    list.map((x) => x.id).filter((id) => old.has(id) && now.has(id));
  if (!same(order(before), order(after)))
    out.push({
      path: `${section}(order)`,
      before: before.map((x) => x.id),
      after: after.map((x) => x.id),
    });
}

function fields(
  section: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  out: ConfigChange[],
): void {
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!same(before[key], after[key]))
      out.push({
        path: `${section}${key}`,
        before: before[key] ?? null,
        after: after[key] ?? null,
      });
  }
}

export function diffHallConfig(before: HallConfig, after: HallConfig): ConfigChange[] {
  const out: ConfigChange[] = [];
  const { areas, services, windows, hours, rules, $schema: _a, ...rest } = before;
  const {
    areas: areas2,
    services: services2,
    windows: windows2,
    hours: hours2,
    rules: rules2,
    $schema: _b,
    ...rest2
  } = after;
  fields('', rest, rest2, out);
  byId('areas', areas, areas2, out);
  byId('services', services, services2, out);
  byId('windows', windows, windows2, out);
  fields('hours.', hours, hours2, out);
  fields('rules.', rules, rules2, out);
  return out;
}
