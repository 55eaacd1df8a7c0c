import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { FiguresResponse } from '../../shared/businessDay/api.js';
import { meetingMissing } from '../../shared/businessDay/completeness.js';
import type { DayFigures } from '../../shared/businessDay/figures.js';
import { Attendance } from '../../shared/businessDay/records.js';
import type { Answer, MorningMeeting } from '../../shared/businessDay/records.js';
import { errorText } from '../i18n/errorText.js';
import { useLocalized } from '../i18n/index.js';
import { Dialog } from '../ui/Dialog.js';
import { formatDuration } from '../ui/format.js';
import { fetchFigures, submitMorningMeeting } from './hubBusinessDay.js';
import { AnswerToggle, FormFooter, MissingList, SaveError, localClock, useFormSave } from './parts.js';
import { TimeField } from '../ui/DateFields.js';

interface Props {
  config: BranchConfig;
  /** The hub's business day. */
  day: string;
  /** Today's meeting as the hub has it (a correction starts from it). */
  existing: Partial<MorningMeeting> | null;
  onClose: () => void;
  onSaved: () => void;
}

/** The morning-meeting log (晨会日志, seed 002 5.1.2), filled by the lead and kept by the hub. */
export function MorningMeetingDialog({ config, day, existing, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const local = useLocalized();
  const template = config.standards.businessDay.morningMeeting;
  const [chair, setChair] = useState(existing?.chair ?? '');
  const [startedAt, setStartedAt] = useState(existing?.startedAt ?? localClock(new Date(), config.hours.timezone));
  const [duration, setDuration] = useState(String(existing?.durationMinutes ?? template.minutes.min));
  const [attendance, setAttendance] = useState<Record<string, Attendance>>(() => ({ ...(existing?.attendance ?? {}) }));
  const [appearance, setAppearance] = useState<Record<string, Record<string, Answer>>>(() => ({ ...(existing?.appearance ?? {}) }));
  const [appearanceNotes, setAppearanceNotes] = useState<Record<string, string>>(() => ({ ...(existing?.appearanceNotes ?? {}) }));
  const [sections, setSections] = useState<Record<string, string>>(() => ({ ...(existing?.sections ?? {}) }));
  const [figures, setFigures] = useState<{ state: 'loading' } | { state: 'ok'; data: FiguresResponse } | { state: 'failed'; message: string }>({ state: 'loading' });
  const { saving, error, save } = useFormSave(onSaved);

  useEffect(() => {
    let live = true;
    fetchFigures().then(
      (data) => live && setFigures({ state: 'ok', data }),
      (err: unknown) => live && setFigures({ state: 'failed', message: errorText(t, err) }),
    );
    return () => {
      live = false;
    };
  }, []);

  const durationMinutes = /^\d{1,3}$/.test(duration.trim()) ? Number(duration.trim()) : undefined;
  const present = config.staff.filter((s) => attendance[s.id] === 'present');
  // Only the people present are checked; answers of someone later marked absent are dropped.
  const presentAppearance = Object.fromEntries(present.map((s) => [s.id, appearance[s.id] ?? {}]));
  const draft = { chair, startedAt, ...(durationMinutes !== undefined ? { durationMinutes } : {}), attendance, appearance: presentAppearance, appearanceNotes, sections };
  const missing = meetingMissing(template, config.staff, draft);

  const submit = () => {
    if (durationMinutes === undefined) return;
    const record: MorningMeeting = {
      day,
      chair: chair.trim(),
      startedAt,
      durationMinutes,
      templateVersion: template.version,
      attendance,
      appearance: presentAppearance,
      appearanceNotes: Object.fromEntries(
        present.flatMap((s) => (Object.values(appearance[s.id] ?? {}).includes('problem') && appearanceNotes[s.id]?.trim() ? [[s.id, appearanceNotes[s.id]!.trim()]] : [])),
      ),
      figures: figures.state === 'ok' ? (figures.data.figures ?? null) : (existing?.figures ?? null),
      sections: Object.fromEntries(template.sections.flatMap((s) => (sections[s.id]?.trim() ? [[s.id, sections[s.id]!.trim()]] : []))),
      submittedAt: new Date().toISOString(),
    };
    void save(() => submitMorningMeeting(record));
  };

  const setAnswer = (staffId: string, item: string, a: Answer) => setAppearance((s) => ({ ...s, [staffId]: { ...(s[staffId] ?? {}), [item]: a } }));

  return (
    <Dialog
      title={t('businessDay.meeting.title', { day })}
      onClose={onClose}
      testId="bizday-meeting"
      wide
      footer={<FormFooter testId="bizday-meeting-submit" saving={saving} disabled={missing.length > 0} resubmit={!!existing?.submittedAt} onCancel={onClose} onSubmit={submit} />}
    >
      <p className="dialog__prompt">{t('businessDay.meeting.prompt')}</p>
      <div className="bizday-row">
        <label className="field">
          <span className="field__label">{t('businessDay.meeting.chair')}</span>
          <input value={chair} maxLength={80} data-testid="bizday-meeting-chair" onChange={(e) => setChair(e.target.value)} />
        </label>
        <label className="field bizday-row__narrow">
          <span className="field__label">{t('businessDay.meeting.startedAt')}</span>
          <TimeField value={startedAt} data-testid="bizday-meeting-started" onChange={setStartedAt} />
        </label>
        <label className="field bizday-row__narrow">
          <span className="field__label">{t('businessDay.meeting.duration')}</span>
          <input inputMode="numeric" value={duration} maxLength={3} data-testid="bizday-meeting-duration" onChange={(e) => setDuration(e.target.value)} />
          <span className="muted bizday-hint">{t('businessDay.meeting.durationHint', { min: template.minutes.min, max: template.minutes.max })}</span>
        </label>
      </div>

      <h3 className="dialog__section">{t('businessDay.meeting.attendance')}</h3>
      <div className="bizday-people">
        {config.staff.map((s) => {
          const here = attendance[s.id] === 'present';
          const answers = appearance[s.id] ?? {};
          const problem = here && Object.values(answers).includes('problem');
          return (
            <div key={s.id} className={`bizday-person${problem ? ' bizday-person--problem' : ''}`} data-testid={`bizday-person-${s.id}`}>
              <span className="bizday-person__name">
                {local(s.name)} <span className="muted">{s.badge}</span>
              </span>
              <span className="bizday-answer" role="group">
                {Attendance.options.map((a) => (
                  <button
                    key={a}
                    type="button"
                    className={`bizday-answer__btn${attendance[s.id] === a ? ' is-on' : ''}`}
                    aria-pressed={attendance[s.id] === a}
                    data-testid={`bizday-attendance-${s.id}-${a}`}
                    onClick={() => setAttendance((x) => ({ ...x, [s.id]: a }))}
                  >
                    {t(`businessDay.attendance.${a}`)}
                  </button>
                ))}
              </span>
              {here && (
                <span className="bizday-person__checks">
                  {template.appearance.map((item) => (
                    <span key={item.id} className="bizday-person__check">
                      <span className="bizday-person__item">{local(item.label)}</span>
                      <AnswerToggle value={answers[item.id]} onChange={(a) => setAnswer(s.id, item.id, a)} testId={`bizday-appearance-${s.id}-${item.id}`} />
                    </span>
                  ))}
                  <button
                    type="button"
                    className="button button--small"
                    data-testid={`bizday-appearance-${s.id}-all-ok`}
                    onClick={() => setAppearance((x) => ({ ...x, [s.id]: Object.fromEntries(template.appearance.map((i) => [i.id, 'ok' as const])) }))}
                  >
                    {t('businessDay.meeting.allOk')}
                  </button>
                </span>
              )}
              {problem && (
                <input
                  className="bizday-item__note"
                  value={appearanceNotes[s.id] ?? ''}
                  maxLength={500}
                  placeholder={t('businessDay.meeting.appearanceNote')}
                  aria-label={`${local(s.name)}: ${t('businessDay.meeting.appearanceNote')}`}
                  data-testid={`bizday-appearance-note-${s.id}`}
                  onChange={(e) => setAppearanceNotes((x) => ({ ...x, [s.id]: e.target.value }))}
                />
              )}
            </div>
          );
        })}
      </div>

      <FiguresPanel state={figures} />

      <h3 className="dialog__section">{t('businessDay.meeting.sections')}</h3>
      {template.sections.map((section) => (
        <label key={section.id} className="field">
          <span className="field__label">
            {local(section.label)}
            {section.required && <span className="bizday-required"> *</span>}
          </span>
          <textarea rows={2} maxLength={2000} value={sections[section.id] ?? ''} data-testid={`bizday-section-${section.id}`} onChange={(e) => setSections((x) => ({ ...x, [section.id]: e.target.value }))} />
        </label>
      ))}
      <MissingList config={config} missing={missing} />
      <SaveError error={error} />
    </Dialog>
  );
}

function FiguresPanel({ state }: { state: { state: 'loading' } | { state: 'ok'; data: FiguresResponse } | { state: 'failed'; message: string } }) {
  const { t } = useTranslation();
  if (state.state === 'loading') return <p className="muted">{t('businessDay.meeting.figuresLoading')}</p>;
  if (state.state === 'failed') return <p className="field__error">{t('businessDay.meeting.figuresFailed', { message: state.message })}</p>;
  const f: DayFigures | null = state.data.figures;
  if (!f) return <p className="muted" data-testid="bizday-figures">{t('businessDay.meeting.figuresNone')}</p>;
  const pct = f.waitWithinTarget.of > 0 ? `${Math.round((f.waitWithinTarget.count / f.waitWithinTarget.of) * 100)}%` : '–';
  const kpis: Array<[string, string]> = [
    [t('businessDay.meeting.issued'), String(f.issued)],
    [t('businessDay.meeting.served'), String(f.served)],
    [t('businessDay.meeting.noShow'), String(f.noShow)],
    [t('businessDay.meeting.avgWait'), f.averageWaitSeconds === null ? '–' : formatDuration(f.averageWaitSeconds)],
    [t('businessDay.meeting.avgHandling'), f.averageHandlingSeconds === null ? '–' : formatDuration(f.averageHandlingSeconds)],
    [t('businessDay.meeting.withinTarget'), pct],
    [t('businessDay.meeting.ratings'), f.ratings && f.ratings.rated > 0 ? t('businessDay.meeting.ratingsValue', { satisfied: f.ratings.satisfied, rated: f.ratings.rated }) : t('businessDay.meeting.ratingsNone')],
  ];
  return (
    <section className="bizday-figures" data-testid="bizday-figures" data-day={f.day}>
      <h3 className="dialog__section">{t('businessDay.meeting.figures', { day: f.day })}</h3>
      <dl className="bizday-figures__grid">
        {kpis.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {f.byCounter.length > 0 && (
        <p className="muted">
          {t('businessDay.meeting.byCounter')}:{' '}
          {f.byCounter.map((c) => t('businessDay.meeting.windowServed', { window: t('common.windowN', { n: c.counter }), n: c.served })).join(' · ')}
        </p>
      )}
    </section>
  );
}
