import { describe, expect, test } from 'vitest';

import { AREAS, CATEGORIES } from './categories';
import { areaCount, buildCatalogue, demoMerchants } from './merchants';
import { Rng } from './random';

describe('demoMerchants', () => {
  const merchants = demoMerchants();

  test('default catalogue: 3,000 merchants with ids m_00001 … m_03000', () => {
    expect(merchants).toHaveLength(3000);
    expect(merchants[0]?.merchantId).toBe('m_00001');
    expect(merchants[2999]?.merchantId).toBe('m_03000');
    expect(new Set(merchants.map((m) => m.merchantId)).size).toBe(3000);
  });

  test('names are unique and end with the merchant area', () => {
    expect(new Set(merchants.map((m) => m.name)).size).toBe(3000);
    for (const m of merchants) expect(m.name.endsWith(m.area) || /\d$/.test(m.name)).toBe(true);
    expect(merchants.every((m) => AREAS.includes(m.area))).toBe(true);
  });

  test('names stay unique at benchmark scale (37,500 merchants)', () => {
    const big = demoMerchants({ scale: 12.5 });
    expect(big).toHaveLength(37_500);
    expect(new Set(big.map((m) => m.name)).size).toBe(37_500);
  });

  test('category sizes follow the merchant shares exactly', () => {
    const totalShare = CATEGORIES.reduce((s, c) => s + c.merchantShare, 0);
    for (const spec of CATEGORIES) {
      const n = merchants.filter((m) => m.category === spec.id).length;
      // pizza: 10 / 95 · 3000 = 315.8; apportionment keeps every category within 1.
      expect(Math.abs(n - (spec.merchantShare / totalShare) * 3000)).toBeLessThanOrEqual(1);
    }
  });

  test('is deterministic per seed', () => {
    expect(demoMerchants({ merchants: 200, seed: 5 })).toEqual(demoMerchants({ merchants: 200, seed: 5 }));
    expect(demoMerchants({ merchants: 200, seed: 6 })).not.toEqual(demoMerchants({ merchants: 200, seed: 5 }));
  });

  test('some names contain commas or quotes (they exercise CSV quoting)', () => {
    expect(merchants.some((m) => m.name.includes(','))).toBe(true);
    expect(merchants.some((m) => m.name.includes('"'))).toBe(true);
  });
});

describe('buildCatalogue', () => {
  test('area count grows with √merchants and is capped by the area list', () => {
    expect(areaCount(150)).toBe(9); // round(0.7 · 12.25)
    expect(areaCount(3000)).toBe(38); // round(0.7 · 54.77)
    expect(areaCount(37_500)).toBe(AREAS.length);
    expect(areaCount(1)).toBe(1);
  });

  test('popularity is a long tail: the top 10 % hold more than half the weight', () => {
    const cat = buildCatalogue(3000, 42);
    const sorted = Array.from(cat.popularity).sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top = sorted.slice(0, 300).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.5);
    expect(top / total).toBeLessThan(0.7);
  });

  test('pick returns a merchant of the asked category, mostly near home', () => {
    const cat = buildCatalogue(3000, 42);
    const rng = new Rng(9);
    let local = 0;
    let near = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const home = i % cat.nAreas;
      const category = i % CATEGORIES.length;
      const m = cat.pick(home, category, rng);
      expect(cat.category[m]).toBe(category);
      const a = cat.area[m] ?? -1;
      if (a === home) local++;
      else if (a === (home + 1) % cat.nAreas || a === (home + cat.nAreas - 1) % cat.nAreas) near++;
    }
    // Affinity 1 + 38 at home, 1 + 9.5 next door, 1 elsewhere: with equal area masses the home
    // area gets 39 / (39 + 2 · 10.5 + 35) = 41 % and the neighbours 22 % (uniform: 2.6 %, 5.3 %).
    expect(local / n).toBeGreaterThan(0.25); // measured 0.34: area masses are uneven
    expect(local / n).toBeLessThan(0.5);
    expect(near / n).toBeGreaterThan(0.15);
    expect(near / n).toBeLessThan(0.3);
  });

  test('a catalogue smaller than the category list still works', () => {
    const cat = buildCatalogue(3, 1);
    expect(cat.merchants).toHaveLength(3);
    const rng = new Rng(1);
    for (let c = 0; c < CATEGORIES.length; c++) expect(cat.pick(0, c, rng)).toBeGreaterThanOrEqual(0);
  });
});
