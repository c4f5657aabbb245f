/**
 * What the services read the time from where a validity window is checked
 * (a seal's): the system clock in the app and the CLI; tests set the time
 * instead of waiting for a window to end.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
