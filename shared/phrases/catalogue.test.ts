import { describe, expect, it } from 'vitest';
import { demoBranch } from '../config/demoBranch.js';
import { BRANCH_KINDS } from '../config/primitives.js';
import { BranchConfig } from '../config/schema.js';
import { branchCatalogue, defaultCatalogueFor } from './catalogue.js';
import { bankCatalogue, defaultCatalogues, governmentCatalogue, housingFundCatalogue, telecomCatalogue, tollCatalogue } from './data/index.js';
import { PhraseCatalogue } from './schema.js';

/** The demo branch as a configuration document, without `branchType` (as every configuration written before it). */
function document(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { branchType: _none, standards: _defaults, ...rest } = JSON.parse(JSON.stringify(demoBranch('2026-03-12'))) as Record<string, unknown>;
  return { ...rest, ...extra };
}

describe('the default catalogue of each kind of branch', () => {
  it('is its own for each of the five kinds', () => {
    expect(BRANCH_KINDS.map((kind) => [kind, defaultCatalogueFor(kind).id])).toEqual([
      ['bank', 'bank'],
      ['government_hall', 'government'],
      ['housing_fund', 'housing_fund'],
      ['telecom_hall', 'telecom'],
      ['toll_station', 'toll'],
    ]);
    expect(defaultCatalogueFor('bank')).toBe(bankCatalogue);
    expect(defaultCatalogueFor('government_hall')).toBe(governmentCatalogue);
    expect(defaultCatalogueFor('housing_fund')).toBe(housingFundCatalogue);
    expect(defaultCatalogueFor('telecom_hall')).toBe(telecomCatalogue);
    expect(defaultCatalogueFor('toll_station')).toBe(tollCatalogue);
  });

  it('covers every shipped catalogue once', () => {
    expect(new Set(BRANCH_KINDS.map(defaultCatalogueFor))).toEqual(new Set(defaultCatalogues));
    expect(defaultCatalogues).toHaveLength(BRANCH_KINDS.length);
  });
});

describe('branchCatalogue (the catalogue the hub and the screens use)', () => {
  it('is the bank catalogue for a configuration without branchType, which still parses', () => {
    const config = BranchConfig.parse(document());
    expect(config.branchType).toBe('bank');
    expect(config.standards.phraseCatalogue).toBeUndefined();
    expect(branchCatalogue(config)).toBe(bankCatalogue);
    expect(branchCatalogue(demoBranch('2026-03-12'))).toBe(bankCatalogue);
  });

  it("follows the configuration's branchType", () => {
    for (const kind of BRANCH_KINDS) expect(branchCatalogue(BranchConfig.parse(document({ branchType: kind }))), kind).toBe(defaultCatalogueFor(kind));
    const hall = BranchConfig.parse(document({ branchType: 'government_hall' }));
    expect(branchCatalogue(hall).phrases.find((p) => p.situation === 'phone_answer')?.text['zh-CN']).toContain('政务中心');
  });

  it('is the catalogue head office configured, whatever the branch type', () => {
    const replaced = PhraseCatalogue.parse({ ...governmentCatalogue, version: governmentCatalogue.version + 1 });
    const config = BranchConfig.parse(document({ branchType: 'toll_station', standards: { phraseCatalogue: replaced } }));
    expect(branchCatalogue(config)).toEqual(replaced);
  });

  it('refuses an unknown branch type', () => {
    expect(BranchConfig.safeParse(document({ branchType: 'post_office' })).success).toBe(false);
  });
});
