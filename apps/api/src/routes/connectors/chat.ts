import { recordAudit } from '@bmm/db';
import { conflict } from '@bmm/http';
import { createAnthropicClient } from '@bmm/planner';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { answerChat } from '../../connectors/chat.service.js';
import { checkConversation } from '../../connectors/chat-conversation.js';
import { CHAT_LIMITS } from '../../connectors/chat-limits.js';
import type { ChatEvent } from '../../connectors/chat-loop.js';
import { connectorOwner, loadConnector } from '../../connectors/connector-calls.service.js';
import type { ConnectorRuntime } from '../../connectors/mcp-session.js';
import type { ChatSettings } from '../../deps.js';
import { auditOrigin, requestAudit } from '../../lib/audit.js';
import { chatCapabilitySchema, chatSchema } from './chat.schemas.js';

const CHAT_DEFAULTS = {
  maxToolRounds: 8,
  timeoutMs: 180_000,
  requestTimeoutMs: 60_000,
  maxTokens: 4096,
};

const UNAVAILABLE =
  'Chat needs an Anthropic API key, which the operator sets on the api service (ANTHROPIC_API_KEY). The Tools tab works without it.';

/** Opens the response as Server-Sent Events, keeping the headers the hooks set (CORS, security). */
function openEventStream(reply: FastifyReply) {
  reply.hijack();
  const raw = reply.raw;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value : String(value);
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  const open = () => !raw.writableEnded && !raw.destroyed;
  // A comment every 15 s keeps proxies from closing a stream that waits on a slow tool.
  const heartbeat = setInterval(() => open() && raw.write(': keep-alive\n\n'), 15_000);
  return {
    send(event: ChatEvent) {
      if (open()) raw.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
    },
    end() {
      clearInterval(heartbeat);
      if (open()) raw.end();
    },
  };
}

/**
 * The playground chat: Claude answers over a connector's tools, streamed as Server-Sent Events.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named services.
 */
const chatRoutes: FastifyPluginAsyncTypebox<{
  rt: ConnectorRuntime;
  settings: ChatSettings | undefined;
}> = async (scoped, { rt, settings: chat }) => {
  const settings = chat?.apiKey ? { ...CHAT_DEFAULTS, ...chat } : null;
  const client = settings
    ? createAnthropicClient({
        apiKey: settings.apiKey!,
        baseURL: settings.baseURL,
        timeoutMs: settings.requestTimeoutMs,
        maxRetries: 1,
      })
    : null;

  // Streams in progress end when the api shuts down, instead of holding it open until their deadline.
  const running = new Set<AbortController>();
  let closing = false;
  scoped.addHook('preClose', async () => {
    closing = true;
    for (const chat of running) chat.abort();
  });

  scoped.get('/connectors/chat', { schema: chatCapabilitySchema }, async () =>
    settings
      ? { available: true, model: settings.model, maxToolRounds: settings.maxToolRounds }
      : { available: false, reason: UNAVAILABLE },
  );

  scoped.post(
    '/connectors/:id/chat',
    {
      bodyLimit: CHAT_LIMITS.bodyBytes,
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: chatSchema,
    },
    async (request, reply) => {
      const owner = connectorOwner(request.auth);
      const row = await loadConnector(rt.db, owner, request.params.id);
      if (!settings || !client) throw conflict('chat_unavailable', UNAVAILABLE);
      const { messages } = request.body;
      checkConversation(messages);
      await recordAudit(
        rt.db,
        requestAudit(request, {
          action: 'connector.chat',
          resourceType: 'connector',
          resourceId: row.id,
          metadata: { model: settings.model, messages: messages.length },
        }),
      );

      const stream = openEventStream(reply);
      const gone = new AbortController();
      running.add(gone);
      reply.raw.on('close', () => {
        running.delete(gone);
        if (!reply.raw.writableFinished) gone.abort();
      });
      const deadline = AbortSignal.timeout(settings.timeoutMs);
      try {
        await answerChat(rt, client, settings, {
          row,
          messages,
          caller: { owner, origin: auditOrigin(request), log: request.log },
          emit: stream.send,
          signal: AbortSignal.any([gone.signal, deadline]),
          abortReason: () => (deadline.aborted ? 'deadline' : closing ? 'shutdown' : null),
        });
      } finally {
        running.delete(gone);
        stream.end();
      }
    },
  );
};

export default chatRoutes;
