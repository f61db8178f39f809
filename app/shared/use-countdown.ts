import { useEffect, useState } from 'react';

/**
 * Seconds left until `seconds` have passed, ticking once a second (a rate limit's Retry-After). The count starts over
 * whenever `seconds` changes (a new refusal after a reload in between), in the same render.
 */
export function useCountdown(seconds: number | null): number | null {
  const [tracked, setTracked] = useState(seconds);
  const [left, setLeft] = useState(seconds);
  if (seconds !== tracked) {
    setTracked(seconds);
    setLeft(seconds);
  }
  useEffect(() => {
    if (seconds === null || seconds <= 0) return;
    const endsAt = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  return seconds === tracked ? left : seconds;
}
