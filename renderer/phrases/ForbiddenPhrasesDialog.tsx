import { useTranslation } from 'react-i18next';
import type { PhraseCatalogue } from '../../shared/phrases/schema.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { Dialog } from '../ui/Dialog.js';

/** 服务忌语: what never to say, beside the standard phrase to say instead (a training reference). */
export function ForbiddenPhrasesDialog({ catalogue, onClose }: { catalogue: PhraseCatalogue; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  return (
    <Dialog title={t('phrases.forbidden.title')} onClose={onClose} testId="phrase-forbidden" wide>
      <p className="forbidden__hint">{t('phrases.forbidden.hint')}</p>
      {catalogue.forbidden.length === 0 ? (
        <p className="muted">{t('phrases.forbidden.none')}</p>
      ) : (
        <table className="forbidden">
          <thead>
            <tr>
              <th className="forbidden__dont-head">✕ {t('phrases.forbidden.dont')}</th>
              <th className="forbidden__instead-head">✓ {t('phrases.forbidden.instead')}</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.forbidden.map((f) => (
              <tr key={f.id} data-testid={`forbidden-${f.id}`}>
                <td className="forbidden__dont">
                  <span>{local(f.text)}</span>
                  {lang !== 'en' && (
                    <span className="forbidden__en" lang="en">
                      {f.text.en}
                    </span>
                  )}
                </td>
                <td className="forbidden__instead">
                  <span>{local(f.instead)}</span>
                  {lang !== 'en' && (
                    <span className="forbidden__en" lang="en">
                      {f.instead.en}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
