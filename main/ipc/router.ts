/**
 * The single dispatcher behind Electron IPC, the browser test bridge and the CLI.
 * Order matters and is fixed: check the sender, find the method, parse the
 * input with its schema, call the service, and wrap the outcome in an envelope.
 */
import { type Envelope, fail } from '../../shared/contract/envelope';
import { namedPaths, pathFieldsOf, type PathField } from '../../shared/contract/fs-path';
import type { MethodSpec } from '../../shared/contract/define';
import { serveMethod, type ServeOptions } from './serve-method';
import { specOf, type MethodId, type OutputOf, type ParsedInputOf, type ServiceName, type MethodName } from '../../shared/contract';

/** Who is calling: the URL of the frame that sent the call, or the CLI. */
export type Sender = { kind: 'frame'; url: string } | { kind: 'cli' };

export type Handlers = {
  [S in ServiceName]: {
    [M in MethodName<S>]: (input: ParsedInputOf<`${S}.${M}` & MethodId>) => Promise<OutputOf<`${S}.${M}` & MethodId>> | OutputOf<`${S}.${M}` & MethodId>;
  };
};

export interface RouterOptions extends ServeOptions {
  /** Origins (scheme://host[:port]) whose frames may call; e.g. `app://affix`. */
  trustedOrigins: readonly string[];
  /** Whether a path is a registered PKCS#11 module: the only module paths a window may name. */
  isRegisteredModule?: (path: string) => boolean;
}

export interface Router {
  invoke(method: string, input: unknown, sender: Sender): Promise<Envelope<unknown>>;
}

const originOf = (url: string): string | null => {
  try {
    const u = new URL(url);
    // Custom schemes have an opaque origin ("null"); rebuild it from scheme + host.
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
};

export const isTrustedSender = (sender: Sender, trustedOrigins: readonly string[]): boolean =>
  sender.kind === 'cli' || (originOf(sender.url) !== null && trustedOrigins.includes(originOf(sender.url)!));

/** The handler for `method`, looked up among the router's own methods only (never inherited properties). */
function ownHandler(handlers: Handlers, method: string): ((input: unknown) => unknown) | undefined {
  const dot = method.indexOf('.');
  const table = handlers as unknown as Record<string, Record<string, unknown>>;
  const [service, name] = [method.slice(0, dot), method.slice(dot + 1)];
  if (dot < 0 || !Object.hasOwn(table, service) || !Object.hasOwn(table[service], name)) return undefined;
  const fn = table[service][name];
  return typeof fn === 'function' ? (fn as (input: unknown) => unknown) : undefined;
}

const pathFields = new WeakMap<MethodSpec, PathField[]>();
const pathFieldsOfSpec = (spec: MethodSpec): PathField[] => {
  if (!pathFields.has(spec)) pathFields.set(spec, pathFieldsOf(spec.input));
  return pathFields.get(spec)!;
};

/**
 * The window names no file (issue 16): files reach it as handles from dialogs
 * and drops, so a path field a frame fills is refused, whatever the method.
 * A PKCS#11 module path is let through only when it is a registered module
 * (pkcs11.list gave it), so the window cannot make the main process load a
 * library of its choosing. The CLI names files freely.
 */
function pathRefusal(method: string, spec: MethodSpec, input: unknown, sender: Sender, options: RouterOptions): string | null {
  if (sender.kind === 'cli') return null;
  for (const { field, value, kind } of namedPaths(input, pathFieldsOfSpec(spec))) {
    if (kind === 'file') return `Refused ${method}: the window cannot name files (${field}); choose or drop the file.`;
    if (!options.isRegisteredModule?.(value)) return `Refused ${method}: ${field} is not a registered PKCS#11 module; register it in Settings first.`;
  }
  return null;
}

export function createRouter(handlers: Handlers, options: RouterOptions): Router {
  const route: Router['invoke'] = async (method, input, sender) => {
    if (typeof method !== 'string') return fail({ code: 'UNKNOWN_METHOD', message: 'No such method: the method name is not a string.' });
    if (!isTrustedSender(sender, options.trustedOrigins)) {
      const url = sender.kind === 'frame' ? sender.url : 'cli';
      return fail({ code: 'FORBIDDEN_SENDER', message: `Refused ${method}: caller ${url} is not the Affix app.` });
    }
    const spec = specOf(method);
    const handler = ownHandler(handlers, method);
    if (!spec || !handler) return fail({ code: 'UNKNOWN_METHOD', message: `No such method: ${method.slice(0, 200)}` });
    // Before parsing: a frame that names a file is refused whatever else its input holds.
    const refusal = pathRefusal(method, spec, input, sender, options);
    if (refusal) return fail({ code: 'FORBIDDEN_SENDER', message: refusal });
    const handlerThis = (handlers as unknown as Record<string, unknown>)[method.slice(0, method.indexOf('.'))];
    return serveMethod(method, spec, (parsed) => handler.call(handlerThis, parsed), input, options);
  };
  return {
    // Whatever a caller sends, the answer is an envelope: nothing escapes as a rejection.
    async invoke(method, input, sender) {
      try {
        return await route(method, input, sender);
      } catch (error) {
        options.onInternalError?.(String(method), error);
        return fail({ code: 'INTERNAL', message: `The call failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` });
      }
    },
  };
}
