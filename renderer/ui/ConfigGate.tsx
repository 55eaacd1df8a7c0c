import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { BranchConfig } from '../../shared/config/schema.js';
import { errorText } from '../i18n/errorText.js';
import { useBranchConfig } from '../queue/configStore.js';

/** Renders its children once the branch configuration is known (from the hub or the cache). */
export function ConfigGate({ children, tone = 'light' }: { children: (config: BranchConfig) => ReactNode; tone?: 'light' | 'dark' }) {
  const { t } = useTranslation();
  const { config, error } = useBranchConfig();
  if (config) return <>{children(config)}</>;
  return (
    <div className={`screen-message screen-message--${tone}`} data-testid="config-loading">
      <div className="spinner" aria-hidden="true" />
      <p>{error ? t('common.configRetrying') : t('common.loading')}</p>
      {error && <p className="screen-message__detail">{errorText(t, error)}</p>}
    </div>
  );
}
