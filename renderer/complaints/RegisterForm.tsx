import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ComplaintCategory, LEAD_CHANNELS, PhoneNumber } from '../../shared/complaints/index.js';
import type { Complainant, ComplaintActor, ComplaintChannel, Complexity, LinkedService } from '../../shared/complaints/index.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useLocalized } from '../i18n/index.js';
import { Dialog } from '../ui/Dialog.js';

/** What the form gives: the registration without the parts its caller knows (id, branch, clock). */
export interface RegisterInput {
  channel: ComplaintChannel;
  complainant: Complainant;
  category: ComplaintCategory;
  facts: string;
  request: string;
  service: LinkedService | null;
  subjectTellerId: string | null;
  dutyLead: ComplaintActor | null;
  complexity: Complexity;
}

type Mode =
  /** At the window: channel 'counter', the service the window is on or just finished, the teller signed in. */
  | { kind: 'counter'; window: number; tellerId: string; service: LinkedService | null }
  /** At the lead station: phone, letter, lobby, media or referred, about a teller or not. */
  | { kind: 'lead' };

interface Props {
  config: BranchConfig;
  mode: Mode;
  /** Resolves when registered; a throw (or a refusal text) is shown in the form. */
  onSubmit: (input: RegisterInput) => Promise<string | null>;
  onClose: () => void;
}

const trimmed = (s: string) => s.trim();

/**
 * The complaint register form (投诉受理登记): who complained (name, number, real name or not),
 * the category, what happened and what they ask. At the window it is prefilled with the service
 * (ticket, window, the teller signed in); a complaint about the teller's own service passes at
 * once to the duty lead chosen here (回避: the domain refuses it otherwise).
 */
export function RegisterForm({ config, mode, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const local = useLocalized();
  const leads = config.staff.filter((s) => s.role === 'lead');
  const tellers = config.staff.filter((s) => s.role === 'teller' || s.role === 'lead');
  const [channel, setChannel] = useState<ComplaintChannel>(mode.kind === 'counter' ? 'counter' : 'phone');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [realName, setRealName] = useState<boolean | null>(null);
  const [category, setCategory] = useState<ComplaintCategory | ''>('');
  const [facts, setFacts] = useState('');
  const [request, setRequest] = useState('');
  // Linked by default (the service may be found after the form opens); the teller may unlink it.
  const [linkChoice, setLinkService] = useState<boolean | null>(null);
  const linkService = linkChoice ?? true;
  const [aboutMe, setAboutMe] = useState(false);
  const [dutyLead, setDutyLead] = useState(leads[0]?.id ?? '');
  const [subject, setSubject] = useState('');
  const [complex, setComplex] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const service = mode.kind === 'counter' && linkService ? mode.service : null;
  const phoneOk = trimmed(phone) === '' || PhoneNumber.safeParse(phone).success;
  const missing: string[] = [];
  if (realName === null) missing.push(t('complaintScreens.form.realName'));
  if (realName === true && trimmed(name) === '') missing.push(t('complaintScreens.form.name'));
  if (!phoneOk) missing.push(t('complaintScreens.form.phone'));
  if (category === '') missing.push(t('complaintScreens.form.category'));
  if (trimmed(facts) === '') missing.push(t('complaintScreens.form.facts'));
  if (mode.kind === 'counter' && aboutMe && dutyLead === '') missing.push(t('complaintScreens.form.dutyLead'));

  const submit = async () => {
    if (missing.length > 0 || category === '' || realName === null) return;
    const lead = leads.find((s) => s.id === dutyLead);
    const subjectTellerId = mode.kind === 'counter' ? (aboutMe ? mode.tellerId : null) : subject || null;
    setSaving(true);
    setError(null);
    try {
      const refused = await onSubmit({
        channel,
        complainant: { name: trimmed(name) || null, phone: trimmed(phone) || null, realName },
        category,
        facts: trimmed(facts),
        request: trimmed(request),
        service,
        subjectTellerId,
        dutyLead: mode.kind === 'counter' && aboutMe && lead ? { staffId: lead.id, role: lead.role } : null,
        complexity: complex ? 'complex' : 'simple',
      });
      if (refused !== null) setError(refused);
    } catch (err) {
      setError(String((err as Error)?.message ?? err));
    } finally {
      setSaving(false);
    }
  };

  const staffName = (id: string) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : id;
  };

  return (
    <Dialog
      title={mode.kind === 'counter' ? t('complaintScreens.form.titleCounter', { window: t('common.windowN', { n: mode.window }) }) : t('complaintScreens.form.titleLead')}
      onClose={onClose}
      testId="complaint-register"
      wide
      footer={
        <>
          {missing.length > 0 && (
            <span className="complaint-form__missing" data-testid="complaint-register-missing">
              {t('complaintScreens.form.missing', { what: missing.join(t('complaintScreens.form.listSeparator')) })}
            </span>
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--primary" data-testid="complaint-register-submit" disabled={saving || missing.length > 0} onClick={() => void submit()}>
            {saving ? t('complaintScreens.form.saving') : t('complaintScreens.form.submit')}
          </button>
        </>
      }
    >
      <div className="complaint-form" data-mode={mode.kind}>
        {mode.kind === 'counter' ? (
          <div className="complaint-form__service" data-testid="complaint-register-service" data-ticket={service?.ticketNumber ?? ''}>
            <span className="field__label">{t('complaintScreens.form.service')}</span>
            {mode.service ? (
              <label className="complaint-form__check">
                <input type="checkbox" checked={linkService} onChange={(e) => setLinkService(e.target.checked)} data-testid="complaint-link-service" />
                <span>
                  {t('complaintScreens.form.serviceLine', {
                    ticket: mode.service.ticketNumber,
                    window: t('common.windowN', { n: mode.service.window }),
                    teller: staffName(mode.service.tellerId),
                  })}
                </span>
              </label>
            ) : (
              <span className="muted">{t('complaintScreens.form.noService')}</span>
            )}
            <span className="complaint-form__channel">
              {t('complaintScreens.form.channel')}: <strong>{t('complaints.channels.counter')}</strong>
            </span>
          </div>
        ) : (
          <label className="field">
            <span className="field__label">{t('complaintScreens.form.channel')}</span>
            <select value={channel} onChange={(e) => setChannel(e.target.value as ComplaintChannel)} data-testid="complaint-channel">
              {LEAD_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`complaints.channels.${c}`)}
                </option>
              ))}
            </select>
          </label>
        )}

        <div className="complaint-form__row">
          <label className="field">
            <span className="field__label">{t('complaintScreens.form.name')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} data-testid="complaint-name" autoComplete="off" />
          </label>
          <label className="field">
            <span className="field__label">{t('complaintScreens.form.phone')}</span>
            <input value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={32} inputMode="tel" aria-invalid={!phoneOk} data-testid="complaint-phone" autoComplete="off" />
            {!phoneOk && <span className="field__error">{t('complaintScreens.form.badPhone')}</span>}
          </label>
          <div className="field">
            <span className="field__label">{t('complaintScreens.form.realName')}</span>
            <span className="complaint-form__toggle" role="group" data-testid="complaint-real-name" data-value={realName === null ? '' : String(realName)}>
              {([true, false] as const).map((v) => (
                <button
                  key={String(v)}
                  type="button"
                  className={`button button--small${realName === v ? ' button--primary' : ''}`}
                  aria-pressed={realName === v}
                  data-testid={`complaint-real-name-${v ? 'yes' : 'no'}`}
                  onClick={() => setRealName(v)}
                >
                  {t(v ? 'complaintScreens.form.yes' : 'complaintScreens.form.no')}
                </button>
              ))}
            </span>
          </div>
        </div>

        <div className="complaint-form__row">
          <label className="field">
            <span className="field__label">{t('complaintScreens.form.category')}</span>
            <select value={category} onChange={(e) => setCategory(e.target.value as ComplaintCategory | '')} data-testid="complaint-category">
              <option value="">{t('complaintScreens.form.choose')}</option>
              {ComplaintCategory.options.map((c) => (
                <option key={c} value={c}>
                  {t(`complaints.categories.${c}`)}
                </option>
              ))}
            </select>
          </label>
          {mode.kind === 'lead' && (
            <label className="field">
              <span className="field__label">{t('complaintScreens.form.subject')}</span>
              <select value={subject} onChange={(e) => setSubject(e.target.value)} data-testid="complaint-subject">
                <option value="">{t('complaintScreens.form.noSubject')}</option>
                {tellers.map((s) => (
                  <option key={s.id} value={s.id}>
                    {local(s.name)} ({s.badge})
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="complaint-form__check complaint-form__check--field">
            <input type="checkbox" checked={complex} onChange={(e) => setComplex(e.target.checked)} data-testid="complaint-complex" />
            <span>{t('complaintScreens.form.complex')}</span>
          </label>
        </div>

        <div className="complaint-form__row complaint-form__row--texts">
          <label className="field">
            <span className="field__label">{t('complaintScreens.form.facts')}</span>
            <textarea rows={3} value={facts} onChange={(e) => setFacts(e.target.value)} maxLength={4000} data-testid="complaint-facts" />
          </label>
          <label className="field">
            <span className="field__label">{t('complaintScreens.form.request')}</span>
            <textarea rows={3} value={request} onChange={(e) => setRequest(e.target.value)} maxLength={2000} data-testid="complaint-request" />
          </label>
        </div>

        {mode.kind === 'counter' && (
          <div className="complaint-form__recusal">
            <label className="complaint-form__check">
              <input type="checkbox" checked={aboutMe} onChange={(e) => setAboutMe(e.target.checked)} data-testid="complaint-about-me" />
              <span>{t('complaintScreens.form.aboutMe')}</span>
            </label>
            {aboutMe && (
              <label className="field complaint-form__duty-lead">
                <span className="field__label">{t('complaintScreens.form.dutyLead')}</span>
                <select value={dutyLead} onChange={(e) => setDutyLead(e.target.value)} data-testid="complaint-duty-lead">
                  <option value="">{t('complaintScreens.form.choose')}</option>
                  {leads.map((s) => (
                    <option key={s.id} value={s.id}>
                      {local(s.name)} ({s.badge})
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        )}

        {error && (
          <p className="complaint-form__error" role="alert" data-testid="complaint-register-error">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
