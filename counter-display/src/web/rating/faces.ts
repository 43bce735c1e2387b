import type { RatingLevel } from '../../../../shared/src/domain/ticket';

/** A simple face per level (SVG markup): the mouth bends from a wide smile to a frown. */
export function face(level: RatingLevel): string {
  const mouth: Record<RatingLevel, string> = {
    'very-satisfied': 'M30 60 Q50 84 70 60',
    satisfied: 'M32 62 Q50 76 68 62',
    basic: 'M33 66 L67 66',
    dissatisfied: 'M32 72 Q50 60 68 72',
    'very-dissatisfied': 'M30 76 Q50 54 70 76',
  };
  return `<svg viewBox="0 0 100 100" aria-hidden="true"><circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" stroke-width="6"/><circle cx="36" cy="40" r="6" fill="currentColor"/><circle cx="64" cy="40" r="6" fill="currentColor"/><path d="${mouth[level]}" fill="none" stroke="currentColor" stroke-width="6" stroke-linecap="round"/></svg>`;
}
