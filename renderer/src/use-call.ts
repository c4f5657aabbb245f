import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Envelope } from '../../shared/contract';
import { type AffixCallError, asCallError, unwrap } from './api';

export type CallState<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; error: AffixCallError };

/**
 * Runs a contract call when the component mounts, when `deps` change and on
 * `reload()`; a newer call wins over a slower older one, so the view never
 * shows stale data.
 */
export function useCall<T>(call: () => Promise<Envelope<T>>, deps: readonly unknown[] = []): CallState<T> & { reload: () => void } {
  const [state, setState] = useState<CallState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  // The newest `call` closure, read when the effect runs; the deps say when to run it again.
  const current = useEffectEvent(() => call());

  useEffect(() => {
    const ticket = ++latest.current;
    Promise.resolve()
      .then(() => unwrap(current()))
      .then(
        (value) => ticket === latest.current && setState({ status: 'ok', value }),
        (error: unknown) => ticket === latest.current && setState({ status: 'error', error: asCallError(error) }),
      );
    // The caller's deps stand in for what `call` reads, as with useEffect itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation, ...deps]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
