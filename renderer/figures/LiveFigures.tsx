import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { LiveFigures, LiveQueueRow } from '../../shared/figures/api.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { ExportButtons, FigureTableView } from './FigureTableView.js';
import { fetchLiveFigures } from './figuresApi.js';
import { liveQueuesTable, tellersTable } from './tables.js';
import type { TableContext } from './tables.js';
import { useFetched } from './useFetched.js';
import type { Fetched } from './useFetched.js';
import './figures.css';

/** The live figures are aggregates: every quarter minute is live enough, the board's own counts tick by the second. */
const LIVE_REFRESH_MS = 15_000;

export function useLiveFigures(): Fetched<LiveFigures> {
  const load = useCallback(() => fetchLiveFigures(), []);
  return useFetched('live', load, LIVE_REFRESH_MS);
}

export function useTableContext(config: BranchConfig): TableContext {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  return useMemo(() => ({ t, lang, local, config }), [t, lang, local, config]);
}

/** Today's staff, one row per teller who worked: what the staff view asks for. */
export function StaffToday({ config, live }: { config: BranchConfig; live: LiveFigures | null }) {
  const { t } = useTranslation();
  const ctx = useTableContext(config);
  const table = useMemo(() => ({ ...tellersTable(ctx, live?.tellers ?? [], 'staff'), title: t('figures.tables.staffToday') }), [ctx, live, t]);
  return <FigureTableView table={table} fileStem={`${live?.branchId ?? 'branch'}-${t('figures.file.live')}-${live?.day ?? ''}`} empty={live ? t('figures.noStaff') : t('common.loading')} />;
}

/** The live queues' exports (the board draws the table itself, to the second). */
export function LiveQueuesExport({ config, rows, day }: { config: BranchConfig; rows: LiveQueueRow[]; day: string }) {
  const ctx = useTableContext(config);
  const { t } = useTranslation();
  return <ExportButtons tables={[liveQueuesTable(ctx, rows)]} fileName={`${t('figures.file.live')}-${day}-queues`} testId="figures-export-queues" />;
}
