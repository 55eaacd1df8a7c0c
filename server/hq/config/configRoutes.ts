import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HQ_CONFIG_API, SaveConfigRequest } from '../../../shared/config/versions.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { BranchId } from '../../sync/deviceAuth.js';
import { adminNameOf } from '../adminAuth.js';
import { branchConfigForEdit, listConfigBranches, listConfigVersions, saveConfigVersion } from './configVersions.js';

const BranchParam = z.object({ branchId: BranchId }).strict();

/**
 * Configuration editing at head office (docs/hq-config.md). Registered inside the HQ API's
 * plugin, behind its administrator guard; the guard names the editor of each saved version.
 */
export function registerHqConfigRoutes(hq: FastifyInstance, opts: { db: SqlDb; now: () => Date }): void {
  const { db, now } = opts;

  hq.get(HQ_CONFIG_API.branches, async () => ({ branches: await listConfigBranches(db) }));

  hq.get(HQ_CONFIG_API.branch, async (req) => branchConfigForEdit(db, BranchParam.parse(req.params).branchId));

  hq.put(HQ_CONFIG_API.branch, async (req, reply) => {
    const { branchId } = BranchParam.parse(req.params);
    const body = SaveConfigRequest.parse(req.body);
    const saved = await saveConfigVersion(db, { branchId, baseVersion: body.baseVersion, config: body.config, pins: body.pins, editor: adminNameOf(req), now: now() });
    return reply.status(201).send(saved);
  });

  hq.get(HQ_CONFIG_API.versions, async (req) => listConfigVersions(db, BranchParam.parse(req.params).branchId));
}
