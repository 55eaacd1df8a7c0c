import type { BranchKind } from '../../config/primitives.js';
import type { PhraseCatalogue } from '../schema.js';
import { bankCatalogue } from './bank.js';
import { governmentCatalogue } from './government.js';
import { housingFundCatalogue } from './housingFund.js';
import { telecomCatalogue } from './telecom.js';
import { tollCatalogue } from './toll.js';

export { bankCatalogue, governmentCatalogue, housingFundCatalogue, telecomCatalogue, tollCatalogue };

/**
 * The default catalogue of each kind of branch, and the seed it comes from (docs/phrases.md):
 * bank (seed 003's counter standard, the window named as the bank's), government hall (seed 003),
 * housing fund (seed 000, the rest from seed 003), telecom hall (derived from seed 003 and seed
 * 000's courtesy lines: seed 002 has no wording), toll station (seed 004).
 */
export const DEFAULT_CATALOGUE_BY_BRANCH_KIND: Readonly<Record<BranchKind, PhraseCatalogue>> = {
  bank: bankCatalogue,
  government_hall: governmentCatalogue,
  housing_fund: housingFundCatalogue,
  telecom_hall: telecomCatalogue,
  toll_station: tollCatalogue,
};

/** The catalogues shipped with the app, until head office sends newer versions. */
export const defaultCatalogues: readonly PhraseCatalogue[] = [bankCatalogue, governmentCatalogue, housingFundCatalogue, telecomCatalogue, tollCatalogue];
