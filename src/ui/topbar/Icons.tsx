/** The few icons the controls use: 16×16 strokes in currentColor, hidden from screen readers. */
const common = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.6,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
};

export const PlayIcon = () => (
  <svg {...common}>
    <path d="M5 3.2v9.6L12.6 8z" fill="currentColor" stroke="none" />
  </svg>
);
export const PauseIcon = () => (
  <svg {...common}>
    <path d="M5.2 3.5v9M10.8 3.5v9" strokeWidth={2.2} />
  </svg>
);
export const StepIcon = () => (
  <svg {...common}>
    <path d="M4 3.5v9l6-4.5z" fill="currentColor" stroke="none" />
    <path d="M12 3.5v9" strokeWidth={1.8} />
  </svg>
);
export const RestartIcon = () => (
  <svg {...common}>
    <path d="M3.5 8a4.5 4.5 0 1 0 1.4-3.3" />
    <path d="M3.2 2.8v2.6h2.6" />
  </svg>
);
export const OpenIcon = () => (
  <svg {...common}>
    <path d="M2.5 4.5v8h11v-6.5H7.8L6.3 4.5z" />
  </svg>
);
export const SaveIcon = () => (
  <svg {...common}>
    <path d="M8 2.5v7.5M5 7l3 3 3-3M3 12.5h10" />
  </svg>
);
export const Logo = () => (
  <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
    <rect x="1" y="1" width="20" height="20" rx="6" fill="#2563eb" />
    <circle cx="7" cy="11" r="2.2" fill="#fff" />
    <circle cx="15" cy="7" r="1.8" fill="#bfdbfe" />
    <circle cx="15" cy="15" r="1.8" fill="#bfdbfe" />
    <path d="M9 10.2 13.3 7.6M9 11.8l4.3 2.6" stroke="#fff" strokeWidth="1.3" strokeLinecap="round" />
  </svg>
);
/** Import and export (RabbitMQ definitions): an arrow in, an arrow out, in RabbitMQ's orange. */
export const ImportExportIcon = () => (
  <svg {...common} style={{ color: 'var(--rabbit-deep)' }}>
    <path d="M5 13V3M2.5 5.5 5 3l2.5 2.5M11 3v10M8.5 10.5 11 13l2.5-2.5" />
  </svg>
);
export const ChevronDownIcon = () => (
  <svg {...common} width={12} height={12}>
    <path d="M4 6l4 4 4-4" />
  </svg>
);
export const TourIcon = () => (
  <svg {...common}>
    <circle cx="8" cy="8" r="5.5" />
    <path d="M10.2 5.8 9 9 5.8 10.2 7 7z" fill="currentColor" strokeWidth={1.2} />
  </svg>
);
