import { useEffect, useRef } from 'react';
import { useClient } from '../shared/client-context.tsx';

/** Keeps the sidebar iframe as tall as its content (`resize` only takes effect in flexible locations). */
export function useAutoResize<Element extends HTMLElement>() {
  const client = useClient();
  const ref = useRef<Element>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    let lastHeight = -1;
    const observer = new ResizeObserver(() => {
      const height = Math.ceil(element.getBoundingClientRect().height);
      if (height === lastHeight) return;
      lastHeight = height;
      void client.invoke('resize', { width: '100%', height: `${height}px` }).catch(() => undefined);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [client]);
  return ref;
}
