/**
 * A clock a test sets instead of waiting: it runs with the system clock, off
 * by the offset last set, so a validity window ends when the test says so
 * (set the time past it) or had ended already (set it back while the window
 * is made, then reset).
 */
import type { Clock } from '../../main/services/core/clock';

export class SettableClock {
  private offset = 0;

  /** The clock to hand to the services. */
  readonly read: Clock = () => new Date(Date.now() + this.offset);

  /** From now on the clock reads `at`, and runs on from there. */
  set(at: Date): void {
    this.offset = at.getTime() - Date.now();
  }

  /** Back to the system clock. */
  reset(): void {
    this.offset = 0;
  }
}
