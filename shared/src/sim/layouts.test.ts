import {
  applyLayout,
  areaLayout,
  convertLayout,
  crossTrainLayout,
  largestKindWindows,
  layoutChanges,
  pooledLayout,
} from './layouts';
import { smallHall } from './test-fixtures';

const hall = smallHall();
const servicesOf = (h: typeof hall, id: string) => h.windows.find((w) => w.id === id)?.services;

describe('layouts', () => {
  it('pooled: every window serves every service, its own first', () => {
    const pooled = pooledLayout(hall);
    expect(servicesOf(pooled, 'wc')).toEqual(['c', 'a', 'b']);
    expect(pooled.windows.every((w) => w.services.length === 3)).toBe(true);
  });

  it('cross-train adds the listed services after the own one', () => {
    const trained = crossTrainLayout(hall, { a: ['b'], c: ['a'] });
    expect(servicesOf(trained, 'wa1')).toEqual(['a', 'b']);
    expect(servicesOf(trained, 'wc')).toEqual(['c', 'a']);
    expect(servicesOf(trained, 'wb')).toEqual(['b']);
  });

  it('convert makes comprehensive windows that keep their own service first', () => {
    const converted = convertLayout(hall, ['wa2']);
    expect(converted.windows.find((w) => w.id === 'wa2')?.kind).toBe('comprehensive');
    expect(servicesOf(converted, 'wa2')).toEqual(['a', 'b', 'c']);
    expect(largestKindWindows(hall, 1)).toEqual(['wa2']);
    expect(() => convertLayout(hall, ['nope'])).toThrow(/no window/);
  });

  it('areas: every window serves its area, comprehensive windows stay hall-wide', () => {
    const areas = areaLayout(hall);
    expect(servicesOf(areas, 'wa1')).toEqual(['a', 'b']);
    expect(servicesOf(areas, 'wc')).toEqual(['c']);
    expect(servicesOf(areas, 'wx')).toEqual(['b', 'a', 'c']);
  });

  it('describes changes window by window', () => {
    const changed = applyLayout(hall, { type: 'cross-train', extra: { c: ['a'] } });
    expect(layoutChanges(hall, changed)).toEqual(['4号 丙: 加办 业务A']);
    expect(applyLayout(hall, { type: 'published' })).toBe(hall);
  });
});
