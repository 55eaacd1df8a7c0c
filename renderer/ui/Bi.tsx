import { useLang } from '../i18n/index.js';

/**
 * A customer-facing label: the text in the current language, with the English beneath when the
 * UI is Chinese (bank signage and tickets are bilingual).
 */
export function Bi({ main, en, className, testId }: { main: string; en: string; className?: string; testId?: string }) {
  const lang = useLang();
  return (
    <span className={`bi${className ? ` ${className}` : ''}`} data-testid={testId}>
      <span className="bi__main">{main}</span>
      {lang !== 'en' && main !== en && (
        <span className="bi__en" lang="en">
          {en}
        </span>
      )}
    </span>
  );
}
