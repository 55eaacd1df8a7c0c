import type { PhraseDelivery } from '../../shared/phrases/usage.js';
import { Icon } from '../ui/icons.js';

/** Line icons for the three ways of delivering a phrase (counter PCs often have no emoji font). */
export function DeliveryIcon({ how, size = 18 }: { how: PhraseDelivery; size?: number }) {
  if (how === 'spoken') return <Icon name="speaker" size={size} />;
  if (how === 'shown') return <Icon name="display" size={size} />;
  // said: a speech bubble
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M4 5h16v10H10l-4 4v-4H4Z" />
      <path d="M8 9h8M8 12h5" />
    </svg>
  );
}
