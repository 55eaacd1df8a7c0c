import type { FastifyInstance } from 'fastify';
import { QueueError } from '../../../shared/api/errors.js';
import { BUSINESS_DAY_API, DayQuery } from '../../../shared/businessDay/api.js';
import type { DayRecords, FiguresResponse } from '../../../shared/businessDay/api.js';
import { dayFigures, previousOpenDay, ratingFigures } from '../../../shared/businessDay/figures.js';
import { BANK_SCALE, GOV_SCALE } from '../../../shared/ratings/scales.js';
import { DOC_TYPES, MorningMeeting, meetingDocId, recordFields } from '../../../shared/businessDay/records.js';
import { businessDayOf } from '../../../shared/queue/rules/businessDay.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { bodyOf } from '../../http/body.js';
import type { QueueHub } from '../queue/queueHub.js';
import { LeadDocWriter, ratingsOfDay, recordsOfDay, ticketsOfDay } from './businessDayStore.js';

export interface BusinessDayRoutesOptions {
  db: SqlDb;
  hub: QueueHub;
  now?: () => Date;
}

/**
 * The business day on the hub (docs/business-day.md): the day's records merged from every op
 * the hub holds, yesterday's figures from its tickets, and the lead's morning-meeting log.
 */
export function registerBusinessDayRoutes(app: FastifyInstance, opts: BusinessDayRoutesOptions): LeadDocWriter {
  const { db, hub } = opts;
  const now = opts.now ?? (() => new Date());
  const writer = new LeadDocWriter(db, hub.deviceId, hub.branchConfig.branchId, now);
  const today = () => businessDayOf(now(), hub.branchConfig.hours.timezone);

  app.get(BUSINESS_DAY_API.records, async (req): Promise<DayRecords> => {
    const day = DayQuery.parse(req.query).day ?? today();
    return { day, records: await recordsOfDay(db, hub.branchConfig.branchId, day) };
  });

  app.get(BUSINESS_DAY_API.figures, async (req): Promise<FiguresResponse> => {
    const config = hub.branchConfig;
    const day = DayQuery.parse(req.query).day ?? previousOpenDay(config.hours, today());
    if (day === null) return { day: null, figures: null };
    // Outcomes are read on the scale they were given on: the branch's own, or a built-in one it used before.
    const outcomes = await ratingsOfDay(db, day);
    const ratings = outcomes === null ? null : ratingFigures(outcomes, [config.standards.ratings.scale, BANK_SCALE, GOV_SCALE]);
    return { day, figures: dayFigures(day, await ticketsOfDay(db, day), config.services, ratings) };
  });

  app.post(BUSINESS_DAY_API.morningMeeting, async (req, reply) => {
    const record = MorningMeeting.parse(bodyOf(req));
    if (record.day > today()) throw new QueueError('bad_request', `a morning meeting cannot be logged for ${record.day}, a day still to come`);
    const staff = new Set(hub.branchConfig.staff.map((s) => s.id));
    const unknown = [...Object.keys(record.attendance), ...Object.keys(record.appearance)].find((id) => !staff.has(id));
    if (unknown !== undefined) throw new QueueError('bad_request', `no staff member ${unknown} in this branch`);
    const docId = meetingDocId(record.day);
    // The author is the lead signed in at the lead station (the access gate), never a name from the body.
    const author = req.actor?.session?.staffId;
    if (author === undefined) throw new QueueError('forbidden', 'sign in at the lead station first', 'session_required');
    const ids = await writer.write(DOC_TYPES.morningMeeting, docId, recordFields(DOC_TYPES.morningMeeting, record), author);
    return reply.status(201).send({ docType: DOC_TYPES.morningMeeting, docId, ops: ids.length });
  });

  return writer;
}
