import { useEffect, useState } from 'react';

/** The app's areas; the URL hash (#/documents) selects one, so reload keeps the page. */
export const ROUTES = ['status', 'documents', 'envelopes', 'verify', 'ledger', 'witness', 'identities', 'certificates', 'timestamps', 'settings'] as const;
export type Route = (typeof ROUTES)[number];
export const DEFAULT_ROUTE: Route = 'status';

const parse = (hash: string): Route => {
  const name = hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : DEFAULT_ROUTE;
};

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [route, (next) => (window.location.hash = `#/${next}`)];
}
