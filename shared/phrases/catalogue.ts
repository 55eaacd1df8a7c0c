// Which phrase catalogue a branch uses: the one head office put in its configuration, else the
// default catalogue of its kind (BranchConfig.branchType). The hub and the screens read the
// catalogue only through `branchCatalogue`.
import type { BranchKind } from '../config/primitives.js';
import { DEFAULT_CATALOGUE_BY_BRANCH_KIND } from './data/index.js';
import type { PhraseCatalogue } from './schema.js';

/** The shipped default catalogue of a kind of branch. */
export function defaultCatalogueFor(kind: BranchKind): PhraseCatalogue {
  return DEFAULT_CATALOGUE_BY_BRANCH_KIND[kind];
}

/** The part of a branch configuration that decides its catalogue. */
export interface CatalogueChoice {
  branchType: BranchKind;
  standards: { phraseCatalogue?: PhraseCatalogue | undefined };
}

/** The branch's phrase catalogue: `standards.phraseCatalogue` when configured, else the default of `branchType`. */
export function branchCatalogue(config: CatalogueChoice): PhraseCatalogue {
  return config.standards.phraseCatalogue ?? defaultCatalogueFor(config.branchType);
}
