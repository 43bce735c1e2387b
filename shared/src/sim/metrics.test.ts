import { captured, jain, meanCi, quantile, t975 } from './metrics';

describe('metrics', () => {
  it('quantiles interpolate between order statistics', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.95)).toBeCloseTo(9.5, 9);
    expect(quantile([], 0.9)).toBe(0);
  });

  it("Jain's index is 1 for equal values and 1/n for one taking all", () => {
    expect(jain([3, 3, 3])).toBeCloseTo(1, 9);
    expect(jain([5, 0, 0, 0])).toBeCloseTo(0.25, 9);
  });

  it('t quantiles and confidence intervals', () => {
    expect(t975(1)).toBeCloseTo(12.706, 3);
    expect(t975(29)).toBeCloseTo(2.045, 2);
    expect(t975(1000)).toBeCloseTo(1.962, 2);
    const { value, half } = meanCi([1, 2, 3, 4]);
    expect(value).toBe(2.5);
    expect(half).toBeCloseTo((3.182 * Math.sqrt(5 / 3)) / 2, 3);
  });

  it('captured is the share of the P0 → B1 gap a policy closes', () => {
    const c = captured([10, 12], [8, 9], [0, 2]);
    expect(c.value).toBeCloseTo(2.5 / 10, 9);
  });
});
