// Line icons as inline SVG: kiosks and hall PCs often have no emoji font.
import type { ReactNode } from 'react';

export type IconName = 'ticket' | 'counter' | 'display' | 'hall' | 'lead' | 'hq' | 'calendar' | 'lock' | 'warning' | 'speaker';

const PATHS: Record<IconName, ReactNode> = {
  ticket: (
    <>
      <path d="M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-3a2 2 0 0 0 0-4Z" />
      <path d="M14 5v14" strokeDasharray="2 2" />
    </>
  ),
  counter: (
    <>
      <circle cx="12" cy="7" r="3" />
      <path d="M6 15c0-2.8 2.7-4.5 6-4.5s6 1.7 6 4.5" />
      <path d="M3 15h18v5H3z" />
    </>
  ),
  display: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
      <path d="M8 10h3M14 8v4" />
    </>
  ),
  hall: (
    <>
      <path d="M4 10v4h3l5 4V6L7 10Z" />
      <path d="M16 9a4 4 0 0 1 0 6M18.5 6.5a7.5 7.5 0 0 1 0 11" />
    </>
  ),
  lead: (
    <>
      <path d="M4 20V4M4 20h16" />
      <path d="M8 16v-4M12 16V8M16 16v-6" />
    </>
  ),
  hq: (
    <>
      <path d="M3 9 12 4l9 5" />
      <path d="M5 9v9M9.5 9v9M14.5 9v9M19 9v9M3 20h18" />
    </>
  ),
  calendar: (
    <>
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M3 10h18M8 3v4M16 3v4" />
      <path d="m9 15 2 2 4-4" />
    </>
  ),
  lock: (
    <>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </>
  ),
  warning: (
    <>
      <path d="M12 3 2 20h20Z" />
      <path d="M12 10v4M12 17v.5" />
    </>
  ),
  speaker: (
    <>
      <path d="M4 10v4h3l5 4V6L7 10Z" />
      <path d="M16 9a4 4 0 0 1 0 6M18.5 6.5a7.5 7.5 0 0 1 0 11" />
    </>
  ),
};

export function Icon({ name, size = 24, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
