import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { InstallationTaxonomies } from '../../server/tenants/index.ts';
import { ownTaxonomy } from '../support/own-taxonomy.ts';
import { testRuntime, taxonomy as fileTaxonomy } from '../support/test-runtime.ts';

const silent = pino({ level: 'silent' });

describe('InstallationTaxonomies', () => {
  it("serves an installation's own taxonomy, else the shared one; the default installation always the shared one", () => {
    const shared = testRuntime().taxonomy;
    const taxonomies = new InstallationTaxonomies(shared, silent);
    const acme = taxonomies.sourceFor('inst_acme');
    const beta = taxonomies.sourceFor('inst_beta');
    expect(taxonomies.sourceFor('default')).toBe(shared);
    expect(acme.current()).toBe(fileTaxonomy);
    taxonomies.apply(new Map([['inst_acme', ownTaxonomy('acme-1')]]));
    // A source handed out before the change follows it.
    expect(acme.current().labelIds).toEqual(['billing', 'shipping']);
    expect(acme.rules()).not.toBe(shared.rules());
    expect(beta.current()).toBe(fileTaxonomy);
    expect(beta.rules()).toBe(shared.rules());
    expect(taxonomies.hasOwn('inst_acme')).toBe(true);
    taxonomies.apply(new Map());
    expect(acme.current()).toBe(fileTaxonomy);
    expect(taxonomies.hasOwn('inst_acme')).toBe(false);
  });

  it('compiles once per text: an unchanged text keeps its taxonomy and rules', () => {
    const taxonomies = new InstallationTaxonomies(testRuntime().taxonomy, silent);
    const acme = taxonomies.sourceFor('inst_acme');
    taxonomies.apply(new Map([['inst_acme', ownTaxonomy('acme-1')]]));
    const [taxonomy, rules] = [acme.current(), acme.rules()];
    taxonomies.apply(
      new Map([
        ['inst_acme', ownTaxonomy('acme-1')],
        ['inst_beta', ownTaxonomy('beta-1')],
      ]),
    );
    expect(acme.current()).toBe(taxonomy);
    expect(acme.rules()).toBe(rules);
    taxonomies.apply(new Map([['inst_acme', ownTaxonomy('acme-2')]]));
    expect(acme.current().version).toBe('acme-2');
  });

  it('keeps the taxonomy in force when a stored text no longer loads', () => {
    const taxonomies = new InstallationTaxonomies(testRuntime().taxonomy, silent);
    const acme = taxonomies.sourceFor('inst_acme');
    taxonomies.apply(new Map([['inst_acme', ownTaxonomy('acme-1')]]));
    taxonomies.apply(new Map([['inst_acme', 'labels: 3']]));
    expect(acme.current().version).toBe('acme-1');
    // With nothing in force before, the shared one serves.
    const beta = taxonomies.sourceFor('inst_beta');
    taxonomies.apply(new Map([['inst_beta', 'labels: 3']]));
    expect(beta.current()).toBe(fileTaxonomy);
  });
});
