/**
 * The few 16px icons the pane uses, inline (no icon package in the bundle). Decorative:
 * every button that shows one also has a text name.
 */
const base = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  fill: 'currentColor',
  'aria-hidden': true,
  focusable: false,
} as const;

export const ArrowUpIcon = () => (
  <svg {...base}>
    <path d="M8 2.5 3.2 7.3l.7.7L7.5 4.4V13.5h1V4.4L12.1 8l.7-.7z" />
  </svg>
);

export const ArrowDownIcon = () => (
  <svg {...base}>
    <path d="m8 13.5 4.8-4.8-.7-.7-3.6 3.6V2.5h-1v9.1L3.9 8l-.7.7z" />
  </svg>
);

export const DeleteIcon = () => (
  <svg {...base}>
    <path d="M6.5 2h3a1 1 0 0 1 1 1H13v1h-1v8.5A1.5 1.5 0 0 1 10.5 14h-5A1.5 1.5 0 0 1 4 12.5V4H3V3h2.5a1 1 0 0 1 1-1ZM5 4v8.5c0 .28.22.5.5.5h5a.5.5 0 0 0 .5-.5V4Zm1.5 1.5h1v6h-1Zm2 0h1v6h-1Z" />
  </svg>
);

export const AddIcon = () => (
  <svg {...base}>
    <path d="M7.5 2.5h1v5h5v1h-5v5h-1v-5h-5v-1h5z" />
  </svg>
);

export const ChevronDownIcon = () => (
  <svg {...base}>
    <path d="M3.65 5.65a.5.5 0 0 1 .7 0L8 9.29l3.65-3.64a.5.5 0 0 1 .7.7l-4 4a.5.5 0 0 1-.7 0l-4-4a.5.5 0 0 1 0-.7Z" />
  </svg>
);

export const CheckIcon = () => (
  <svg {...base}>
    <path d="M13.86 3.66a.5.5 0 0 1-.02.7l-7.93 7.48a.6.6 0 0 1-.84-.02L2.4 9.1a.5.5 0 0 1 .72-.7l2.44 2.5 7.6-7.16a.5.5 0 0 1 .7.02Z" />
  </svg>
);
