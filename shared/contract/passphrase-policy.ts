/**
 * The shortest new workspace passphrase: the same floor as a workspace key's
 * passphrase (keys.create), since the new one will protect those keys. Kept
 * apart from the zod schemas so the window can check it as the user types
 * without bundling zod.
 */
export const NEW_PASSPHRASE_MIN = 8;

/** The shortest PIN a person may choose for their own signing key. */
export const PIN_MIN = 6;

/**
 * Why a new workspace passphrase is too weak, or null. The same rule applies
 * when the workspace is created and when its passphrase is changed.
 */
export function passphraseProblem(passphrase: string): string | null {
  if (passphrase.length < NEW_PASSPHRASE_MIN) return `the passphrase must be at least ${NEW_PASSPHRASE_MIN} characters long`;
  if (new Set(passphrase).size < 3) return 'the passphrase must not repeat one or two characters';
  return null;
}

/**
 * Why a person's new PIN (or passphrase) is too weak, or null: at least
 * PIN_MIN characters, not one character repeated, not a run of consecutive
 * digits (123456, 987654) — the guesses tried first.
 */
export function pinProblem(pin: string): string | null {
  if (pin.length < PIN_MIN) return `the PIN must be at least ${PIN_MIN} characters long`;
  if (new Set(pin).size === 1) return 'the PIN must not be one character repeated';
  if (/^\d+$/.test(pin)) {
    const steps = new Set([...pin].slice(1).map((c, i) => Number(c) - Number(pin[i])));
    if (steps.size === 1 && [...steps].every((d) => d === 1 || d === -1)) return 'the PIN must not be a run of consecutive digits';
  }
  return null;
}
