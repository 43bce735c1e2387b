import { RATING_LEVELS, type RatingLevel } from '../../../../shared/src/domain/ticket';
import type { RatingCounts, ReportDay } from '../../../../shared/src/supervision/reports';
import { RATING_ZH } from '../../../../shared/src/supervision/texts';
import { escapeHtml } from '../staff-common/dom';

/** Small SVG charts drawn by hand: no library, Chinese labels, readable on a desk PC. */

export const RATING_COLOURS: Record<RatingLevel, string> = {
  'very-satisfied': '#1f8a4c',
  satisfied: '#5fb37c',
  basic: '#b7c9a8',
  dissatisfied: '#f0a050',
  'very-dissatisfied': '#c62828',
};

const FONT = `font-family="'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif"`;

/** Horizontal bars: one per label, with the value at the end. */
export function barChart(
  items: { label: string; value: number }[],
  options: { width?: number; colour?: string; unit?: string } = {},
): string {
  const width = options.width ?? 520;
  const labelWidth = 130;
  const row = 24;
  const height = items.length * row + 8;
  const max = Math.max(1, ...items.map((i) => i.value));
  const span = width - labelWidth - 60;
  const bars = items
    .map((item, i) => {
      const y = 4 + i * row;
      const w = Math.max(item.value > 0 ? 2 : 0, (item.value / max) * span);
      return `<text x="${labelWidth - 6}" y="${y + 16}" text-anchor="end" font-size="13" ${FONT}>${escapeHtml(item.label)}</text>
        <rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 8}" rx="2" fill="${options.colour ?? '#1d5b9b'}"/>
        <text x="${(labelWidth + w + 5).toFixed(1)}" y="${y + 16}" font-size="12" fill="#333" ${FONT}>${item.value}${escapeHtml(options.unit ?? '')}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${bars}</svg>`;
}

/** One stacked bar per label, in the five 好差评 levels, with a legend. */
export function ratingChart(
  items: { label: string; ratings: RatingCounts }[],
  width = 520,
): string {
  const labelWidth = 130;
  const row = 24;
  const legend = 26;
  const height = legend + items.length * row + 8;
  const span = width - labelWidth - 50;
  const keys = RATING_LEVELS.map((level, i) => {
    const x = i * 100;
    return `<rect x="${x}" y="4" width="12" height="12" fill="${RATING_COLOURS[level]}"/>
      <text x="${x + 16}" y="15" font-size="12" ${FONT}>${RATING_ZH[level]}</text>`;
  }).join('');
  const bars = items
    .map((item, i) => {
      const y = legend + i * row;
      const total = RATING_LEVELS.reduce((s, l) => s + item.ratings[l], 0);
      let x = labelWidth;
      const parts = RATING_LEVELS.map((level) => {
        const w = total ? (item.ratings[level] / total) * span : 0;
        const rect = w
          ? `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 8}" fill="${RATING_COLOURS[level]}"><title>${RATING_ZH[level]} ${item.ratings[level]}</title></rect>`
          : '';
        x += w;
        return rect;
      }).join('');
      return `<text x="${labelWidth - 6}" y="${y + 16}" text-anchor="end" font-size="13" ${FONT}>${escapeHtml(item.label)}</text>${parts}
        <text x="${(labelWidth + span + 5).toFixed(1)}" y="${y + 16}" font-size="12" fill="#333" ${FONT}>${total}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${keys}${bars}</svg>`;
}

/** Issued and served per day: paired columns with the dates beneath. */
export function dayChart(
  days: ReportDay[],
  labels: { issued: string; served: string },
  width = 1060,
): string {
  const height = 200;
  const left = 40;
  const bottom = 36;
  const top = 24;
  const max = Math.max(1, ...days.map((d) => Math.max(d.issued, d.served)));
  const slot = (width - left - 10) / Math.max(1, days.length);
  const bar = Math.min(18, slot / 2.6);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const every = Math.ceil(days.length / 16);
  const columns = days
    .map((d, i) => {
      const x = left + i * slot + slot / 2;
      const date =
        i % every === 0
          ? `<text x="${x.toFixed(1)}" y="${height - 18}" text-anchor="middle" font-size="11" ${FONT}>${d.day.slice(5)}</text>`
          : '';
      return `<rect x="${(x - bar).toFixed(1)}" y="${y(d.issued).toFixed(1)}" width="${bar.toFixed(1)}" height="${(height - bottom - y(d.issued)).toFixed(1)}" fill="#9db8d8"><title>${d.day} ${escapeHtml(labels.issued)} ${d.issued}</title></rect>
        <rect x="${x.toFixed(1)}" y="${y(d.served).toFixed(1)}" width="${bar.toFixed(1)}" height="${(height - bottom - y(d.served)).toFixed(1)}" fill="#1d5b9b"><title>${d.day} ${escapeHtml(labels.served)} ${d.served}</title></rect>${date}`;
    })
    .join('');
  const grid = [0, 0.5, 1]
    .map((f) => {
      const v = Math.round(max * f);
      return `<line x1="${left}" x2="${width - 10}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e8ee"/>
        <text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" ${FONT}>${v}</text>`;
    })
    .join('');
  const legend = `<rect x="${left}" y="4" width="12" height="12" fill="#9db8d8"/><text x="${left + 16}" y="15" font-size="12" ${FONT}>${escapeHtml(labels.issued)}</text>
    <rect x="${left + 70}" y="4" width="12" height="12" fill="#1d5b9b"/><text x="${left + 86}" y="15" font-size="12" ${FONT}>${escapeHtml(labels.served)}</text>`;
  return `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="100%">${grid}${columns}${legend}</svg>`;
}
