import { z } from 'zod';
import type { HallConfig, WindowConfig } from '../domain/hall-config';
import { parseHallConfig } from '../domain/hall-config-validate';

/**
 * Layouts: which windows may serve which services. A layout is a hall configuration; the
 * transforms here derive the benchmark's layouts from a published hall (the reference
 * hall 和硕) so that every scenario runs on the same services, window ids and numbers.
 */

const id = z.string().min(1);

export const layoutSpecSchema = z.discriminatedUnion('type', [
  /** The hall as published. */
  z.object({ type: z.literal('published') }).strict(),
  /** Every window serves every service: its own first, then all others in hall order. */
  z.object({ type: z.literal('pooled') }).strict(),
  /** Windows whose first service is a key also serve the listed services, after their own. */
  z.object({ type: z.literal('cross-train'), extra: z.record(id, z.array(id)) }).strict(),
  /**
   * These windows become comprehensive windows: their own service first, then every other
   * service in the order the hall's comprehensive windows list them.
   */
  z.object({ type: z.literal('convert'), windows: z.array(id) }).strict(),
  /** Like convert: one window (the highest-numbered) of each of the `count` largest kinds. */
  z.object({ type: z.literal('convert-largest'), count: z.number().int().min(0) }).strict(),
  /**
   * 沈丘-style areas: every window serves every service of its area (its own first), windows
   * already comprehensive stay hall-wide.
   */
  z.object({ type: z.literal('areas') }).strict(),
  /** Explicit service lists for some windows. */
  z.object({ type: z.literal('windows'), services: z.record(id, z.array(id).min(1)) }).strict(),
]);
export type LayoutSpec = z.infer<typeof layoutSpecSchema>;

function withWindows(hall: HallConfig, windows: WindowConfig[]): HallConfig {
  return parseHallConfig({ ...hall, windows });
}

const unique = (list: readonly string[]): string[] => [...new Set(list)];

/** The service order of the hall's comprehensive windows (or the hall's service order). */
function comprehensiveOrder(hall: HallConfig): string[] {
  const comprehensive = hall.windows.find((w) => w.kind === 'comprehensive');
  return unique([...(comprehensive?.services ?? []), ...hall.services.map((s) => s.id)]);
}

export function pooledLayout(hall: HallConfig): HallConfig {
  const all = hall.services.map((s) => s.id);
  return withWindows(
    hall,
    hall.windows.map((w) => ({ ...w, services: unique([...w.services, ...all]) })),
  );
}

export function crossTrainLayout(hall: HallConfig, extra: Record<string, string[]>): HallConfig {
  return withWindows(
    hall,
    hall.windows.map((w) => {
      const add = extra[w.services[0] ?? ''] ?? [];
      return add.length > 0 ? { ...w, services: unique([...w.services, ...add]) } : w;
    }),
  );
}

export function convertLayout(hall: HallConfig, windowIds: readonly string[]): HallConfig {
  const order = comprehensiveOrder(hall);
  for (const windowId of windowIds) {
    if (!hall.windows.some((w) => w.id === windowId))
      throw new Error(`layout: no window ${windowId}`);
  }
  return withWindows(
    hall,
    hall.windows.map((w) =>
      windowIds.includes(w.id)
        ? { ...w, kind: 'comprehensive' as const, services: unique([...w.services, ...order]) }
        : w,
    ),
  );
}

/** One window (the highest-numbered) of each of the `count` kinds with the most windows. */
export function largestKindWindows(hall: HallConfig, count: number): string[] {
  const byService = new Map<string, WindowConfig[]>();
  for (const w of hall.windows) {
    if (w.kind === 'comprehensive') continue;
    const own = w.services[0] ?? '';
    byService.set(own, [...(byService.get(own) ?? []), w]);
  }
  return [...byService.values()]
    .filter((list) => list.length >= 2)
    .sort((a, b) => b.length - a.length || (a[0]?.number ?? 0) - (b[0]?.number ?? 0))
    .slice(0, count)
    .map((list) => [...list].sort((a, b) => b.number - a.number)[0]?.id ?? '');
}

export function areaLayout(hall: HallConfig): HallConfig {
  const byArea = new Map<string, string[]>();
  for (const s of hall.services) byArea.set(s.areaId, [...(byArea.get(s.areaId) ?? []), s.id]);
  return withWindows(
    hall,
    hall.windows.map((w) => {
      if (w.kind === 'comprehensive') return w;
      const area = byArea.get(hall.services.find((s) => s.id === w.services[0])?.areaId ?? '');
      if (!area || area.length <= 1) return w;
      return { ...w, kind: 'classified' as const, services: unique([...w.services, ...area]) };
    }),
  );
}

export function explicitLayout(hall: HallConfig, services: Record<string, string[]>): HallConfig {
  return withWindows(
    hall,
    hall.windows.map((w) =>
      services[w.id] ? { ...w, services: unique(services[w.id] ?? []) } : w,
    ),
  );
}

export function applyLayout(hall: HallConfig, spec: LayoutSpec): HallConfig {
  switch (spec.type) {
    case 'published':
      return hall;
    case 'pooled':
      return pooledLayout(hall);
    case 'cross-train':
      return crossTrainLayout(hall, spec.extra);
    case 'convert':
      return convertLayout(hall, spec.windows);
    case 'convert-largest':
      return convertLayout(hall, largestKindWindows(hall, spec.count));
    case 'areas':
      return areaLayout(hall);
    case 'windows':
      return explicitLayout(hall, spec.services);
  }
}

/** What changed from one layout to another, window by window, in words. */
export function layoutChanges(before: HallConfig, after: HallConfig): string[] {
  const name = (hall: HallConfig, serviceId: string) =>
    hall.services.find((s) => s.id === serviceId)?.name ?? serviceId;
  const changes: string[] = [];
  for (const w of after.windows) {
    const old = before.windows.find((o) => o.id === w.id);
    if (!old) continue;
    const added = w.services.filter((s) => !old.services.includes(s));
    const removed = old.services.filter((s) => !w.services.includes(s));
    if (added.length === 0 && removed.length === 0) continue;
    const parts: string[] = [];
    if (w.kind === 'comprehensive' && old.kind !== 'comprehensive')
      parts.push('改为综合窗口 (converted to comprehensive)');
    else if (added.length > 0) parts.push(`加办 ${added.map((s) => name(after, s)).join('、')}`);
    if (removed.length > 0) parts.push(`不再办 ${removed.map((s) => name(after, s)).join('、')}`);
    changes.push(`${w.number}号 ${w.name}: ${parts.join('; ')}`);
  }
  return changes;
}
