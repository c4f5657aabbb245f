import { useState } from 'react';
import { type AffixCallError, asCallError } from './api';

/**
 * One user action that calls the main process: tracks running and the last
 * error, and reports success to `onDone`. Forms on the Identities page share it
 * so each shows the same busy state and the same error alert.
 *
 * `perform` never rejects (a failure lands in `error`), so callers that want to
 * know when it ends may await it; `submit` is the same for event handlers,
 * which expect a function that returns nothing.
 */
export function useAction<I, O>(run: (input: I) => Promise<O>, onDone: (output: O) => void) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AffixCallError | null>(null);
  const perform = async (input: I): Promise<void> => {
    setRunning(true);
    setError(null);
    try {
      onDone(await run(input));
    } catch (e) {
      setError(asCallError(e));
    } finally {
      setRunning(false);
    }
  };
  const submit = (input: I): void => void perform(input);
  return { running, error, submit, perform };
}
