import { z } from 'zod';

// The small shapes every capability's schema uses; kept apart from schema.ts so capability
// schemas can be part of the branch configuration without an import cycle.

export const ServiceCode = z.string().regex(/^[A-Z]$/, 'a service code is one capital letter');
export type ServiceCode = z.infer<typeof ServiceCode>;

export const CounterNumber = z.number().int().min(1).max(99);
export type CounterNumber = z.infer<typeof CounterNumber>;

/** "HH:MM" in the branch's time zone. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM');
/** "YYYY-MM-DD" calendar date in the branch's time zone. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

/** What a person may do beyond their own window (DESIGN.md §8, shared/access/roles.ts). */
export const StaffRole = z.enum(['teller', 'lead', 'auditor', 'hq_admin']);
export type StaffRole = z.infer<typeof StaffRole>;

export const Priority = z.enum(['none', 'appointment', 'elderly', 'vip']);
export type Priority = z.infer<typeof Priority>;

/**
 * The kind of branch (BranchConfig.branchType): it picks the default phrase catalogue
 * (shared/phrases/catalogue.ts). The complaint policy keeps its own, coarser `branchType`
 * (shared/complaints/policy.ts: bank, government_hall, other).
 */
export const BRANCH_KINDS = ['bank', 'government_hall', 'housing_fund', 'telecom_hall', 'toll_station'] as const;
export const BranchKind = z.enum(BRANCH_KINDS);
export type BranchKind = z.infer<typeof BranchKind>;
