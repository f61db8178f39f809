// Small outline icons drawn here: the Garden icon package would add a dependency for a few paths.
const THUMB = 'M4.5 7.5v7h-3v-7zM4.5 7.5 7.5 1.5c1.2 0 2 .8 2 2v2.5h4c.8 0 1.3.7 1.2 1.4l-1 5.6c-.1.6-.7 1-1.3 1H4.5';

export function ThumbUpIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="none" stroke="currentColor" strokeLinejoin="round" d={THUMB} />
    </svg>
  );
}

export function ThumbDownIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="none" stroke="currentColor" strokeLinejoin="round" d={THUMB} transform="rotate(180 8 8)" />
    </svg>
  );
}

/** A 12px check: a tag that is selected, or that is on the ticket. */
export function CheckIcon() {
  return (
    <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M2 6.5 4.75 9 10 3"
      />
    </svg>
  );
}

/** A 12px plus: a tag that Accept would not add until it is selected. */
export function PlusIcon() {
  return (
    <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
      <path fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" d="M6 2v8M2 6h8" />
    </svg>
  );
}
