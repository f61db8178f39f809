import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom, shuffleInPlace } from '../../src/sampling/index.ts';
import { repositoryRoot, sourceFiles } from '../support/imports.ts';

describe('seededRandom', () => {
  it('draws mulberry32’s sequence, so a seed gives the same models and demo data on every machine', () => {
    const random = seededRandom(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('is the one seeded generator in src/ and server/: mulberry32’s increment appears in a single file', () => {
    const defining = [...sourceFiles('src'), ...sourceFiles('server')].filter((file) =>
      /0x6d2b79f5/i.test(readFileSync(join(repositoryRoot, file), 'utf8')),
    );
    expect(defining).toEqual(['src/sampling/random.ts']);
  });
});

describe('shuffleInPlace', () => {
  it('permutes every item once, the same way for the same seed', () => {
    const shuffled = (seed: number) => {
      const items = Array.from({ length: 20 }, (_, i) => i);
      shuffleInPlace(items, seededRandom(seed));
      return items;
    };
    expect([...shuffled(3)].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(shuffled(3)).toEqual(shuffled(3));
    expect(shuffled(3)).not.toEqual(shuffled(4));
  });
});
