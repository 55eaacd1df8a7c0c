import { useTranslation } from 'react-i18next';
import { THRESHOLD_LIMITS } from '../../../shared/config/validation.js';
import { CheckField, NumberField } from './Fields.js';
import { useEditor } from './editorContext.js';

const POLICY_FIELDS = Object.keys(THRESHOLD_LIMITS) as Array<keyof typeof THRESHOLD_LIMITS>;

/** The queue policy's thresholds (the waiting-count alert among them), open-window minimums, readiness, rating and announcement settings. */
export function ThresholdsSection() {
  const { t } = useTranslation();
  const { draft } = useEditor();
  const ow = draft.standards.openWindows;
  return (
    <section className="cfg-section cfg-grid" data-testid="cfg-thresholds">
      {POLICY_FIELDS.map((f) => (
        <NumberField key={f} path={['policy', f]} value={draft.policy[f]} label={t(`hqConfig.thresholds.${f}`)} min={THRESHOLD_LIMITS[f].min} max={THRESHOLD_LIMITS[f].max} />
      ))}
      <NumberField path={['standards', 'readyMinutesBeforeOpening']} value={draft.standards.readyMinutesBeforeOpening} label={t('hqConfig.thresholds.readyMinutesBeforeOpening')} min={0} max={120} />
      <NumberField path={['standards', 'openWindows', 'minPerService']} value={ow.minPerService} label={t('hqConfig.thresholds.minPerService')} min={1} />
      <NumberField path={['standards', 'openWindows', 'minTotal']} value={ow.minTotal} label={t('hqConfig.thresholds.minTotal')} min={1} />
      <NumberField path={['standards', 'ratings', 'timeoutSeconds']} value={draft.standards.ratings.timeoutSeconds} label={t('hqConfig.thresholds.ratingTimeoutSeconds')} min={5} max={600} />
      <NumberField path={['announcement', 'repeat']} value={draft.announcement.repeat} label={t('hqConfig.thresholds.announceRepeat')} min={1} max={3} />
      <NumberField path={['announcement', 'hallHistory']} value={draft.announcement.hallHistory} label={t('hqConfig.thresholds.hallHistory')} min={1} max={12} />
      <CheckField path={['standards', 'openWindows', 'closeNeedsApproval']} value={ow.closeNeedsApproval} label={t('hqConfig.thresholds.closeNeedsApproval')} />
    </section>
  );
}
