import { hallConfigSchema, type HallConfig } from './hall-config';

/** A hall configuration that cannot be used, with every problem found, one per line. */
export class HallConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid hall configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'HallConfigError';
  }
}

function duplicates(values: readonly (string | number)[]): (string | number)[] {
  const seen = new Set<string | number>();
  const twice = new Set<string | number>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * Parses and checks a hall configuration: the schema first, then what a schema cannot
 * say (unique ids, prefixes and numbers; every reference resolves; hours in order).
 */
export function parseHallConfig(input: unknown): HallConfig {
  const parsed = hallConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new HallConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const hall = parsed.data;
  const problems: string[] = [];
  const areaIds = new Set(hall.areas.map((a) => a.id));
  const serviceIds = new Set(hall.services.map((s) => s.id));

  for (const dup of duplicates(hall.areas.map((a) => a.id)))
    problems.push(`areas: id "${dup}" is used twice`);
  for (const dup of duplicates(hall.services.map((s) => s.id)))
    problems.push(`services: id "${dup}" is used twice`);
  for (const dup of duplicates(hall.services.map((s) => s.prefix)))
    problems.push(`services: prefix "${dup}" is used twice (ticket numbers would collide)`);
  for (const dup of duplicates(hall.windows.map((w) => w.id)))
    problems.push(`windows: id "${dup}" is used twice`);
  for (const dup of duplicates(hall.windows.map((w) => w.number)))
    problems.push(`windows: number ${dup} is used twice`);

  hall.services.forEach((service, i) => {
    if (!areaIds.has(service.areaId))
      problems.push(`services.${i}.areaId: no area "${service.areaId}"`);
  });
  hall.windows.forEach((window, i) => {
    if (!areaIds.has(window.areaId))
      problems.push(`windows.${i}.areaId: no area "${window.areaId}"`);
    window.services.forEach((serviceId, j) => {
      if (!serviceIds.has(serviceId))
        problems.push(`windows.${i}.services.${j}: no service "${serviceId}"`);
    });
    for (const dup of duplicates(window.services))
      problems.push(`windows.${i}.services: "${dup}" is listed twice`);
  });
  const served = new Set(hall.windows.flatMap((w) => w.services));
  for (const service of hall.services) {
    if (!served.has(service.id)) problems.push(`services: no window serves "${service.id}"`);
  }

  for (const dup of duplicates(hall.bundles.map((b) => b.id)))
    problems.push(`bundles: id "${dup}" is used twice`);
  for (const bundle of hall.bundles) {
    // A ticket is issued for a service or a bundle by the same id field.
    if (serviceIds.has(bundle.id))
      problems.push(`bundles: id "${bundle.id}" is also a service's id`);
  }
  hall.bundles.forEach((bundle, i) => {
    bundle.steps.forEach((step, j) => {
      if (!serviceIds.has(step.serviceId))
        problems.push(`bundles.${i}.steps.${j}.serviceId: no service "${step.serviceId}"`);
    });
    // One ticket never serves a step twice.
    for (const dup of duplicates(bundle.steps.map((s) => s.serviceId)))
      problems.push(`bundles.${i}.steps: "${dup}" is listed twice`);
    if (bundle.steps.every((s) => s.optional))
      problems.push(`bundles.${i}.steps: at least one step must be required`);
  });

  if (!validTimeZone(hall.timeZone))
    problems.push(`timeZone: unknown time zone "${hall.timeZone}"`);
  hall.hours.weekly.forEach((sessions, day) => {
    let previousClose = -1;
    sessions.forEach((session, j) => {
      const open = minutesOf(session.open);
      const close = minutesOf(session.close);
      if (close <= open)
        problems.push(
          `hours.weekly.${day}.${j}: close ${session.close} is not after open ${session.open}`,
        );
      if (open < previousClose)
        problems.push(`hours.weekly.${day}.${j}: overlaps the session before it`);
      previousClose = close;
    });
  });

  if (problems.length > 0) throw new HallConfigError(problems);
  return hall;
}
