import { QueueError } from '../../../shared/api/errors.js';
import { ConfigBranchList, hqConfigPath } from '../../../shared/config/versions.js';
import { InvalidConfigBody } from '../../../shared/config/versions.js';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import { InspectionSheet, InspectionTemplate } from '../../../shared/evaluation/inspection.js';
import { PolicyAnswer } from '../../../shared/evaluation/policy.js';
import type { EvaluationPolicy } from '../../../shared/evaluation/policy.js';
import type { InspectionSheetInput } from '../../../shared/evaluation/inspection.js';
import { HQ_EVALUATION_API, SheetList, TemplateList, evaluationPath } from '../../../shared/evaluation/inspectionApi.js';
import { ReviewScore, SampleAnswer } from '../../../shared/evaluation/remoteReview.js';
import type { ReviewScoreInput } from '../../../shared/evaluation/remoteReview.js';
import { hubRequest } from '../../api/hub.js';
import { getPlatform } from '../../platform/index.js';

/** Head office's evaluation API (docs/hq-evaluation.md) for the evaluation tab, under the admin token. */

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new QueueError('internal', `head office sent a malformed ${what}`);
  return r.data;
}

export async function fetchBranches(token: string): Promise<ConfigBranchList['branches']> {
  return parsed(ConfigBranchList, await hubRequest(hqConfigPath('branches', ''), { headers: auth(token) }), 'branch list').branches;
}

export async function fetchSample(token: string, month: string, branchId: string): Promise<SampleAnswer> {
  const q = new URLSearchParams({ month, branch: branchId });
  return parsed(SampleAnswer, await hubRequest(`${HQ_EVALUATION_API.sample}?${q}`, { headers: auth(token) }), 'sample');
}

export async function drawSample(token: string, month: string, branchId: string, perTeller: number): Promise<SampleAnswer> {
  return parsed(SampleAnswer, await hubRequest(HQ_EVALUATION_API.draw, { method: 'POST', headers: auth(token), body: { month, branchId, perTeller } }), 'sample');
}

export async function saveReviewScore(token: string, recordingId: string, input: ReviewScoreInput): Promise<ReviewScore> {
  return parsed(ReviewScore, await hubRequest(evaluationPath(HQ_EVALUATION_API.score, { recordingId }), { method: 'PUT', headers: auth(token), body: input }), 'score');
}

/**
 * The recording's audio as an object URL for the player: an <audio> element cannot send the
 * admin token, so the file (an Opus recording of one service, small) is fetched with it.
 */
export async function fetchAudioUrl(token: string, recordingId: string): Promise<string> {
  const base = await getPlatform().hubUrl();
  let res: Response;
  try {
    res = await fetch(base + evaluationPath(HQ_EVALUATION_API.audio, { recordingId }), { headers: auth(token), cache: 'no-store' });
  } catch (err) {
    throw new QueueError('hub_unreachable', String((err as Error)?.message ?? err));
  }
  if (!res.ok) throw new QueueError(res.status === 404 ? 'not_found' : res.status === 401 ? 'unauthorized' : 'internal', `HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}

export async function fetchTemplates(token: string): Promise<TemplateList['templates']> {
  return parsed(TemplateList, await hubRequest(HQ_EVALUATION_API.templates, { headers: auth(token) }), 'template list').templates;
}

export async function fetchSheets(token: string, month: string, branchId: string): Promise<SheetList['sheets']> {
  const q = new URLSearchParams({ month, branch: branchId });
  return parsed(SheetList, await hubRequest(`${HQ_EVALUATION_API.sheets}?${q}`, { headers: auth(token) }), 'sheet list').sheets;
}

export async function submitSheet(token: string, input: InspectionSheetInput): Promise<InspectionSheet> {
  return parsed(InspectionSheet, await hubRequest(HQ_EVALUATION_API.sheets, { method: 'POST', headers: auth(token), body: input }), 'sheet');
}

export async function saveTemplate(token: string, template: InspectionTemplate): Promise<InspectionTemplate> {
  return parsed(InspectionTemplate, await hubRequest(evaluationPath(HQ_EVALUATION_API.template, { id: template.id }), { method: 'PUT', headers: auth(token), body: template }), 'template');
}

export async function fetchPolicy(token: string): Promise<PolicyAnswer> {
  return parsed(PolicyAnswer, await hubRequest(HQ_EVALUATION_API.policy, { headers: auth(token) }), 'evaluation policy');
}

export type PolicySaveOutcome = { kind: 'saved'; answer: PolicyAnswer } | { kind: 'invalid'; issues: ConfigIssue[] };

/**
 * Saves the policy as a new version. A refusal by validation comes back as its issues (each names
 * its field); anything else (a conflict, a lost connection) as a QueueError. hubRequest keeps only
 * the code and reason, so the body is read here, as the configuration editor does.
 */
export async function savePolicy(token: string, baseVersion: number, policy: EvaluationPolicy): Promise<PolicySaveOutcome> {
  const base = await getPlatform().hubUrl();
  let res: Response;
  try {
    res = await fetch(base + HQ_EVALUATION_API.policy, {
      method: 'PUT',
      headers: { ...auth(token), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ baseVersion, policy }),
      cache: 'no-store',
    });
  } catch (err) {
    throw new QueueError('hub_unreachable', String((err as Error)?.message ?? err));
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return { kind: 'saved', answer: parsed(PolicyAnswer, body, 'evaluation policy') };
  const invalid = InvalidConfigBody.safeParse(body);
  if (invalid.success) return { kind: 'invalid', issues: invalid.data.error.issues };
  const e = (body as { error?: { code?: string; message?: string; reason?: string } } | null)?.error;
  const code = e?.code === 'conflict' || e?.code === 'unauthorized' || e?.code === 'bad_request' ? e.code : 'internal';
  throw new QueueError(code, e?.message ?? `HTTP ${res.status}`, e?.reason);
}
