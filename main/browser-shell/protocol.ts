/** What the browser shell's page and server agree on (no Node, no DOM: both sides import it). */
export const RPC_PATH = '/__affix/rpc';
/** A custom request header: cross-origin pages cannot send it without a preflight, which the server never grants. */
export const RPC_HEADER = 'X-Affix-Call';
/** Where the browser is sent first, with the one-time launch token; it trades the token for the session cookie. */
export const LAUNCH_PATH = '/__affix/launch/';
export const BRIDGE_PATH = '/__affix/page-bridge.js';
