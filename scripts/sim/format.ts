/** Plain-text tables and numbers for the simulator tools. */
import type { HallConfig } from '../../shared/src/domain/hall-config';
import type { Estimate, Metrics } from '../../shared/src/sim/metrics';

export const f1 = (x: number): string => x.toFixed(1);
export const f2 = (x: number): string => x.toFixed(2);
export const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;
export const ci = (e: Estimate, digits = 2): string =>
  `${e.value.toFixed(digits)} ±${Number.isFinite(e.half) ? e.half.toFixed(digits) : '∞'}`;

/** East Asian wide characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return w;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(c)));
        return i === 0 ? c + pad : pad + c;
      })
      .join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function serviceName(hall: HallConfig, id: string): string {
  return hall.services.find((s) => s.id === id)?.name ?? id;
}

/** A block of text describing one run's metrics with 95% confidence intervals. */
export function describeMetrics(hall: HallConfig, m: Metrics): string {
  const lines = [
    `tickets/day ${f1(m.ticketsPerDay)} over ${m.days} days (95% CI across days)`,
    `wait (min): mean ${ci(m.mean)}  p90 ${ci(m.p90, 1)}  p95 ${ci(m.p95, 1)}  max ${f1(m.max)} (daily max ${ci(m.dailyMax, 1)})`,
    `worst service: ${serviceName(hall, m.worstService)} ${ci(m.worstServiceMean, 1)}   Jain fairness ${m.fairness.toFixed(3)}`,
    `waiting over 30 min: ${pct(m.over30Share.value)} ±${pct(m.over30Share.half)}`,
    `priority ${ci(m.priorityMean)}  appointment ${ci(m.appointmentMean)}  others ${ci(m.ordinaryMean)}`,
    `abandoned ${pct(m.abandonment.value, 2)}  left at close ${pct(m.leftShare.value, 2)}  utilisation CV ${ci(m.utilisationCv, 3)}`,
    `conservation (issued = served + abandoned + no-show + left): ${m.conserved ? 'holds' : 'BROKEN'}`,
  ];
  if (m.estimate.count > 0) {
    const e = m.estimate;
    lines.push(
      `estimate at issue: MAE ${f2(e.mae)} min, within ±5 min ${pct(e.within5)}, bias ${f2(e.bias)}` +
        ` | naive ${f2(e.naiveMae)} / ${pct(e.naiveWithin5)} | naive-own ${f2(e.naiveOwnMae)} / ${pct(e.naiveOwnWithin5)}`,
    );
  }
  const services = Object.entries(m.serviceMeans)
    .sort((a, b) => b[1] - a[1])
    .map(([id, mean]) => `${serviceName(hall, id)} ${f1(mean)}`);
  lines.push(`per service (mean wait, min): ${services.join(', ')}`);
  return lines.join('\n');
}
