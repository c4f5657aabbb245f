import { useState } from 'react';
import { type AffixCallError, asCallError } from './api';

/**
 * One user action that calls the main process: tracks running and the last
 * error, and reports success to `onDone`. Forms on the Identities page share it
 * so each shows the same busy state and the same error alert.
 */
export function useAction<I, O>(run: (input: I) => Promise<O>, onDone: (output: O) => void) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AffixCallError | null>(null);
  const submit = async (input: I) => {
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
  return { running, error, submit };
}
