'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { JsonTree } from '@/components/playground/json-tree';
import { ToolResult } from '@/components/playground/tool-result';
import { Alert, Button, Pill, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { type ChatMessage, type ChatStreamEvent, streamChat } from '@/lib/chat-stream';
import { type Connector, needsSignIn } from '@/lib/connectors';
import { useApi } from '@/lib/use-api';
import './chat.css';

type Item =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string }
  | {
      kind: 'tool';
      id: string;
      name: string;
      input: unknown;
      result?: Record<string, unknown>;
      isError?: boolean;
      durationMs?: number;
    }
  | { kind: 'notice'; text: string }
  | { kind: 'error'; text: string };

interface Conversation {
  /** What the person sees. */
  items: Item[];
  /** What goes back to the api with the next question (the Messages API shape). */
  messages: ChatMessage[];
}

const EMPTY: Conversation = { items: [], messages: [] };

// Switching to the Tools tab unmounts the panel; the conversation of each connector stays here
// (memory only, for this page) so coming back finds it.
const kept = new Map<string, Conversation>();

/** Folds one streamed event into what the person sees. */
function applyEvent(items: Item[], event: ChatStreamEvent): Item[] {
  const last = items.at(-1);
  switch (event.event) {
    case 'text':
      if (last?.kind === 'assistant')
        return [...items.slice(0, -1), { ...last, text: last.text + event.data.delta }];
      return [...items, { kind: 'assistant', text: event.data.delta }];
    case 'tool_use':
      return [...items, { kind: 'tool', id: event.data.id, name: event.data.name, input: event.data.input }];
    case 'tool_result':
      return items.map((item) =>
        item.kind === 'tool' && item.id === event.data.id
          ? {
              ...item,
              result: event.data.result,
              isError: event.data.isError,
              durationMs: event.data.durationMs,
            }
          : item,
      );
    case 'done':
      return event.data.notice ? [...items, { kind: 'notice', text: event.data.notice }] : items;
    case 'error':
      return [...items, { kind: 'error', text: event.data.message }];
  }
}

function ToolCall({ item }: { item: Extract<Item, { kind: 'tool' }> }) {
  const pending = item.result === undefined;
  return (
    <details className="chat-tool" data-testid="chat-tool-call">
      <summary>
        <span>
          {pending ? 'Calling' : 'Called'} <code>{item.name}</code>
        </span>
        {pending ? (
          <Spinner label={`Calling ${item.name}`} />
        ) : (
          <>
            <Pill tone={item.isError ? 'danger' : 'ok'}>{item.isError ? 'Tool error' : 'OK'}</Pill>
            <span className="small muted">{item.durationMs} ms</span>
          </>
        )}
      </summary>
      <p className="label">Arguments</p>
      <JsonTree value={item.input} />
      {!pending && (
        <>
          <p className="label">Result</p>
          <ToolResult result={item.result!} durationMs={item.durationMs ?? 0} exchanges={[]} />
        </>
      )}
    </details>
  );
}

/**
 * Chat with Claude over the connector's tools: the answer streams in, each tool call shows inline
 * (arguments and result, folded), and Stop ends it. Needs ANTHROPIC_API_KEY on the api.
 */
export function ChatPanel({ connector }: { connector: Connector }) {
  const capability = useApi('/v1/connectors/chat');
  const [conversation, setShown] = useState<Conversation>(() => kept.get(connector.id) ?? EMPTY);
  // The truth lives in `kept`, so an answer stopped by leaving the tab still ends with its notice there.
  const setConversation = (change: Conversation | ((c: Conversation) => Conversation)) => {
    const next = typeof change === 'function' ? change(kept.get(connector.id) ?? EMPTY) : change;
    kept.set(connector.id, next);
    setShown(next);
  };
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const stop = useRef<AbortController | null>(null);
  const end = useRef<HTMLDivElement | null>(null);
  const inputId = useId();

  useEffect(() => () => stop.current?.abort(), []);
  useEffect(() => {
    if (conversation.items.length) end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [conversation]);

  async function ask(e: React.FormEvent) {
    e.preventDefault();
    const question = draft.trim();
    if (!question || busy) return;
    const before = conversation.messages;
    const messages: ChatMessage[] = [...before, { role: 'user', content: question }];
    setDraft('');
    setBusy(true);
    setConversation((c) => ({ ...c, items: [...c.items, { kind: 'user', text: question }] }));
    const controller = new AbortController();
    stop.current = controller;
    let settled = false;
    try {
      await streamChat(
        connector.id,
        messages,
        (event) => {
          if (event.event === 'done' || event.event === 'error') settled = true;
          setConversation((c) => ({
            items: applyEvent(c.items, event),
            messages: event.event === 'done' || event.event === 'error' ? event.data.messages : c.messages,
          }));
        },
        controller.signal,
      );
      if (!settled)
        setConversation((c) => ({
          ...c,
          items: [...c.items, { kind: 'error', text: 'The answer broke off. Ask again.' }],
        }));
    } catch (err) {
      const text =
        (err as Error).name === 'AbortError'
          ? 'Stopped. Claude did not finish this answer.'
          : errorMessage(err);
      setConversation((c) => ({
        items: [...c.items, { kind: (err as Error).name === 'AbortError' ? 'notice' : 'error', text }],
        messages: before,
      }));
    } finally {
      stop.current = null;
      setBusy(false);
    }
  }

  if (capability.loading && !capability.data) return <Spinner label="Checking whether chat is on" />;
  if (!capability.data) return <Alert tone="error">{errorMessage(capability.error)}</Alert>;
  if (!capability.data.available)
    return (
      <div className="chat-off" data-testid="chat-unavailable">
        <h2>Chat is off on this platform</h2>
        <p>
          {capability.data.reason ??
            'Chat needs an Anthropic API key, which the operator sets on the api service (ANTHROPIC_API_KEY).'}
        </p>
        <p className="muted small">
          Nothing is missing on your side: the Tools tab lists and calls this connector’s tools without it.
        </p>
      </div>
    );
  if (needsSignIn(connector))
    return (
      <Alert tone="warn">
        <strong>Sign in to {connector.name}</strong> on the Tools tab first: Claude uses its tools through
        your sign-in.
      </Alert>
    );

  return (
    <section className="chat" aria-label={`Chat with Claude over ${connector.name}`}>
      <p className="small muted chat-intro">
        Claude ({capability.data.model}) answers with the tools of <strong>{connector.name}</strong>, at most{' '}
        {capability.data.maxToolRounds} rounds of tool calls per question. Your messages and the tools’
        results go to Anthropic; your sign-in never does.
      </p>
      <div className="chat-log" aria-live="polite" data-testid="chat-log">
        {conversation.items.length === 0 && (
          <p className="muted chat-empty">Ask something the server’s tools can answer.</p>
        )}
        {conversation.items.map((item, i) => {
          const key = item.kind === 'tool' ? item.id : `${item.kind}-${i}`;
          if (item.kind === 'tool') return <ToolCall key={key} item={item} />;
          if (item.kind === 'notice')
            return (
              <p key={key} className="chat-notice small" role="status">
                {item.text}
              </p>
            );
          if (item.kind === 'error')
            return (
              <div key={key} className="chat-error" role="alert">
                {item.text}
              </div>
            );
          return (
            <div key={key} className={`chat-msg chat-${item.kind}`} data-testid={`chat-${item.kind}`}>
              <span className="chat-who">{item.kind === 'user' ? 'You' : 'Claude'}</span>
              <div className="chat-text">{item.text}</div>
            </div>
          );
        })}
        {busy && conversation.items.at(-1)?.kind === 'user' && <Spinner label="Claude is thinking" />}
        <div ref={end} />
      </div>
      <form className="chat-form" onSubmit={(e) => void ask(e)}>
        <label htmlFor={inputId} className="sr-only">
          Your message
        </label>
        <textarea
          id={inputId}
          className="textarea chat-input"
          rows={2}
          maxLength={20_000}
          placeholder="Ask Claude…"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <div className="row">
          {busy ? (
            <Button variant="danger" onClick={() => stop.current?.abort()}>
              Stop
            </Button>
          ) : (
            <Button type="submit" disabled={!draft.trim()}>
              Send
            </Button>
          )}
          {conversation.items.length > 0 && !busy && (
            <Button variant="ghost" onClick={() => setConversation(EMPTY)}>
              New chat
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}
