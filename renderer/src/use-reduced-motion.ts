/**
 * Whether the user asked the system for less motion (WCAG 2.3.3; the
 * `prefers-reduced-motion` media feature). The window then opens dialogs,
 * drawers and menus without their zoom and slide animations. Followed live:
 * changing the system setting takes effect without a restart.
 */
import { useEffect, useState } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

const prefersReducedMotion = (): boolean => typeof window.matchMedia === 'function' && window.matchMedia(QUERY).matches;

export function useReducedMotion(): boolean {
  const [reduced, setReduced] = useState(prefersReducedMotion);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const media = window.matchMedia(QUERY);
    const follow = () => setReduced(media.matches);
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);
  return reduced;
}
