/** The workbench's few 20px icons, inline (decorative: every button also has a text name). */
const base = {
  width: 20,
  height: 20,
  viewBox: '0 0 20 20',
  fill: 'currentColor',
  'aria-hidden': true,
  focusable: false,
} as const;

export const OpenIcon = () => (
  <svg {...base}>
    <path d="M3 5.5A2.5 2.5 0 0 1 5.5 3h2.59a1.5 1.5 0 0 1 1.06.44L10.71 5H14.5A2.5 2.5 0 0 1 17 7.5v.6a2 2 0 0 1 1.28 2.45l-1.2 4.5A2 2 0 0 1 15.15 16.5H5.5A2.5 2.5 0 0 1 3 14V5.5Zm1 0V14c0 .15.02.3.06.44l1.34-4.57A2 2 0 0 1 7.32 8.4H16v-.9C16 6.67 15.33 6 14.5 6h-3.8a1.5 1.5 0 0 1-1.06-.44L8.09 4H5.5C4.67 4 4 4.67 4 5.5Zm3.32 3.9a1 1 0 0 0-.96.72l-1.5 5.1c.17.16.4.28.64.28h9.65a1 1 0 0 0 .97-.74l1.2-4.5a1 1 0 0 0-.97-1.26H7.32Z" />
  </svg>
);

export const DownloadIcon = () => (
  <svg {...base}>
    <path d="M15.5 17a.5.5 0 0 1 0 1h-11a.5.5 0 0 1 0-1h11ZM10 2a.5.5 0 0 1 .5.5v10.29l3.15-3.14a.5.5 0 0 1 .7.7l-4 4a.5.5 0 0 1-.7 0l-4-4a.5.5 0 0 1 .7-.7l3.15 3.14V2.5A.5.5 0 0 1 10 2Z" />
  </svg>
);

export const NewIcon = () => (
  <svg {...base}>
    <path d="M6 2a2 2 0 0 0-2 2v12c0 1.1.9 2 2 2h8a2 2 0 0 0 2-2V7.41a1.5 1.5 0 0 0-.44-1.06l-3.91-3.91A1.5 1.5 0 0 0 10.59 2H6ZM5 4a1 1 0 0 1 1-1h4v3.5c0 .83.67 1.5 1.5 1.5H15v8a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4Zm9.8 3h-3.3a.5.5 0 0 1-.5-.5V3.2L14.8 7Z" />
  </svg>
);

/** The product mark: three funnel bars narrowing to a point. */
export const Mark = () => (
  <svg width={28} height={28} viewBox="0 0 28 28" aria-hidden focusable={false}>
    <rect width="28" height="28" rx="6" fill="#0F6CBD" />
    <rect x="5" y="7" width="18" height="3.2" rx="1.6" fill="#FFFFFF" />
    <rect x="8" y="12.4" width="12" height="3.2" rx="1.6" fill="#FFFFFF" opacity="0.9" />
    <rect x="11" y="17.8" width="6" height="3.2" rx="1.6" fill="#FFFFFF" opacity="0.8" />
  </svg>
);

export const UndoIcon = () => (
  <svg {...base}>
    <path d="M4.5 3a.5.5 0 0 1 .5.5v3.02A6.5 6.5 0 0 1 16.5 10a.5.5 0 0 1-1 0A5.5 5.5 0 0 0 5.55 7H8.5a.5.5 0 0 1 0 1h-4a.5.5 0 0 1-.5-.5v-4a.5.5 0 0 1 .5-.5Z" />
  </svg>
);

export const RedoIcon = () => (
  <svg {...base}>
    <path d="M15.5 3a.5.5 0 0 0-.5.5v3.02A6.5 6.5 0 0 0 3.5 10a.5.5 0 0 0 1 0 5.5 5.5 0 0 1 9.95-3H11.5a.5.5 0 0 0 0 1h4a.5.5 0 0 0 .5-.5v-4a.5.5 0 0 0-.5-.5Z" />
  </svg>
);
