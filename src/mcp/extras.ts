/**
 * Extra prompts and documents (runbooks) load just before the first request that can see them
 * (prompts/*, resources/*, completion/*), not at start: reading and checking runbooks costs more
 * than the rest of a start together, and most sessions begin with initialize and tools/list.
 * Loading is synchronous, so the request that triggered it already sees the result.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

const SEES_EXTRAS = ['prompts/', 'resources/', 'completion/'];

/** `transport`, with `load` run once before the first request whose method sees extras. */
export function loadBeforeFirstUse(transport: Transport, load: () => void): Transport {
  let pending = true;
  const wrapped: Transport = {
    start: () => transport.start(),
    send: (message, options) => transport.send(message, options),
    close: () => transport.close(),
    get sessionId() {
      return transport.sessionId;
    },
    setProtocolVersion: transport.setProtocolVersion?.bind(transport),
  };
  transport.onclose = () => wrapped.onclose?.();
  transport.onerror = (error) => wrapped.onerror?.(error);
  transport.onmessage = <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => {
    const method = 'method' in message && 'id' in message ? message.method : undefined;
    if (pending && method !== undefined && SEES_EXTRAS.some((prefix) => method.startsWith(prefix))) {
      pending = false;
      load();
    }
    wrapped.onmessage?.(message, extra);
  };
  return wrapped;
}
