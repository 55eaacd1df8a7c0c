import { useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../shared/i18n/localized.js';
import { ALL_WEEKDAYS, MAX_NOTICE_IMAGE_BYTES, MAX_NOTICE_TEXT_CHARS } from '../../shared/notices/schema.js';
import type { Notice, NoticeDraftInput } from '../../shared/notices/schema.js';
import { DateField, TimeField } from '../ui/DateFields.js';
import { noticeImageFrom } from './imageFile.js';

const TEXT_LANGS: readonly Lang[] = ['zh-CN', 'zh-TW', 'en'];
const WORKDAYS = [1, 2, 3, 4, 5];
const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

export interface NoticeFormValue {
  text: Record<Lang, string>;
  image: string | null;
  from: string;
  to: string;
  days: number[];
  /** A daily window: both "HH:MM", or both "" for the whole day. */
  dailyFrom: string;
  dailyTo: string;
}

/** A blank notice: from today for a week, every day, all day. */
export function blankNotice(today: string): NoticeFormValue {
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 6);
  return { text: { 'zh-CN': '', 'zh-TW': '', en: '' }, image: null, from: today, to: end.toISOString().slice(0, 10), days: [...ALL_WEEKDAYS], dailyFrom: '', dailyTo: '' };
}

export function formOf(n: Notice): NoticeFormValue {
  return { text: { ...n.text }, image: n.image, from: n.schedule.from, to: n.schedule.to, days: [...n.schedule.days], dailyFrom: n.schedule.dailyFrom ?? '', dailyTo: n.schedule.dailyTo ?? '' };
}

/** The body the hub reads (shared/notices/schema.ts NoticeDraft); the hub checks it, this only shapes it. */
export function draftOf(v: NoticeFormValue): NoticeDraftInput {
  const window = v.dailyFrom || v.dailyTo ? { dailyFrom: v.dailyFrom, dailyTo: v.dailyTo } : {};
  return { text: { 'zh-CN': v.text['zh-CN'].trim(), 'zh-TW': v.text['zh-TW'].trim(), en: v.text.en.trim() }, image: v.image, schedule: { from: v.from, to: v.to, days: [...v.days].sort(), ...window } };
}

/** Publishing a new notice or changing one: its words per language, a picture, and when the hall shows it. */
export function NoticeForm({ initial, editing, busy, onSubmit, onCancel }: { initial: NoticeFormValue; editing: boolean; busy: boolean; onSubmit: (v: NoticeFormValue) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<NoticeFormValue>(initial);
  const [imageError, setImageError] = useState<string | null>(null);
  const [windowOn, setWindowOn] = useState(initial.dailyFrom !== '');
  const set = (patch: Partial<NoticeFormValue>) => setV((old) => ({ ...old, ...patch }));

  const pickImage = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      set({ image: await noticeImageFrom(file) });
      setImageError(null);
    } catch {
      setImageError(t('notices.panel.imageUnreadable'));
    }
  };

  const toggleDay = (d: number) => set({ days: v.days.includes(d) ? v.days.filter((x) => x !== d) : [...v.days, d] });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(windowOn ? v : { ...v, dailyFrom: '', dailyTo: '' });
  };

  return (
    <form className="notice-form" onSubmit={submit} data-testid="notice-form">
      <h3>{editing ? t('notices.panel.formEdit') : t('notices.panel.formNew')}</h3>
      <p className="field__label">{t('notices.panel.textLabel')}</p>
      <div className="notice-form__texts">
        {TEXT_LANGS.map((lang) => (
          <label key={lang} className="field">
            <span className="field__label" lang={lang}>
              {LANG_NAMES[lang]}
            </span>
            <textarea lang={lang} maxLength={MAX_NOTICE_TEXT_CHARS} value={v.text[lang]} onChange={(e) => set({ text: { ...v.text, [lang]: e.target.value } })} data-testid={`notice-text-${lang}`} />
            <span className="notice-form__count">{t('notices.panel.chars', { n: v.text[lang].length, max: MAX_NOTICE_TEXT_CHARS })}</span>
          </label>
        ))}
      </div>

      <div className="field">
        <span className="field__label">{t('notices.panel.image')}</span>
        <div className="notice-form__image">
          {v.image && <img src={v.image} alt="" data-testid="notice-image-preview" />}
          <label className="button button--small">
            {t('notices.panel.chooseImage')}
            <input type="file" accept="image/*" hidden onChange={(e) => void pickImage(e)} data-testid="notice-image-file" />
          </label>
          {v.image && (
            <button type="button" className="button button--small" onClick={() => set({ image: null })}>
              {t('notices.panel.removeImage')}
            </button>
          )}
          <span className="muted">{t('notices.panel.imageNote', { kb: Math.floor(MAX_NOTICE_IMAGE_BYTES / 1024) })}</span>
        </div>
        {imageError && <p className="field__error">{imageError}</p>}
      </div>

      <div className="notice-form__row">
        <label className="field">
          <span className="field__label">{t('notices.panel.from')}</span>
          <DateField value={v.from} onChange={(from) => set({ from })} data-testid="notice-from" />
        </label>
        <label className="field">
          <span className="field__label">{t('notices.panel.to')}</span>
          <DateField value={v.to} onChange={(to) => set({ to })} data-testid="notice-to" />
        </label>
        <div className="field">
          <span className="field__label">{t('notices.panel.days')}</span>
          <div className="notice-form__days">
            {ALL_WEEKDAYS.map((d) => (
              <label key={d} className={`notice-form__day${v.days.includes(d) ? ' is-on' : ''}`}>
                <input type="checkbox" checked={v.days.includes(d)} onChange={() => toggleDay(d)} />
                {t(`notices.panel.weekdays.d${d}`)}
              </label>
            ))}
            <button type="button" className="button button--small" onClick={() => set({ days: [...ALL_WEEKDAYS] })}>
              {t('notices.panel.everyDay')}
            </button>
            <button type="button" className="button button--small" onClick={() => set({ days: [...WORKDAYS] })}>
              {t('notices.panel.workdays')}
            </button>
          </div>
        </div>
      </div>

      <div className="notice-form__row">
        <label className={`notice-form__day${windowOn ? '' : ' is-on'}`}>
          <input type="radio" name="notice-window" checked={!windowOn} onChange={() => setWindowOn(false)} />
          {t('notices.panel.allDay')}
        </label>
        <label className={`notice-form__day${windowOn ? ' is-on' : ''}`}>
          <input type="radio" name="notice-window" checked={windowOn} onChange={() => setWindowOn(true)} data-testid="notice-window-on" />
          {t('notices.panel.dailyWindow')}
        </label>
        {windowOn && (
          <>
            <span className="field notice-form__time">
              <TimeField value={v.dailyFrom} onChange={(dailyFrom) => set({ dailyFrom })} aria-label={t('notices.panel.from')} data-testid="notice-daily-from" />
            </span>
            <span>–</span>
            <span className="field notice-form__time">
              <TimeField value={v.dailyTo} onChange={(dailyTo) => set({ dailyTo })} aria-label={t('notices.panel.to')} data-testid="notice-daily-to" />
            </span>
          </>
        )}
      </div>

      <div className="notice-form__footer">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {t('notices.panel.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="notice-submit">
          {busy ? t('notices.panel.saving') : editing ? t('notices.panel.save') : t('notices.panel.publish')}
        </button>
      </div>
    </form>
  );
}
