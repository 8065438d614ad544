'use client';

import { useEffect, useRef } from 'react';
import { api } from './api';

/** A connector as `/v1/connectors` answers it (never its headers or tokens). */
export interface Connector {
  id: string;
  name: string;
  url: string;
  authType: 'none' | 'headers' | 'oauth';
  status: 'ready' | 'signin_required' | 'error';
  signedIn: boolean;
  lastError: string | null;
  tools: McpTool[] | null;
  toolsRefreshedAt: string | null;
}

export interface McpTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** One HTTP exchange with the remote MCP endpoint, tokens and header values redacted by the api. */
export interface Exchange {
  method: string;
  url: string;
  status: number | null;
  requestHeaders: Record<string, string>;
  request: unknown;
  responseHeaders: Record<string, string>;
  response: unknown;
}

/** `POST /v1/connectors/:id/call`. */
export interface CallAnswer {
  result: Record<string, unknown>;
  durationMs: number;
  exchanges: Exchange[];
}

export interface CallSummary {
  id: string;
  connectorId: string;
  connectorName: string;
  tool: string;
  outcome: 'ok' | 'tool_error' | 'failed';
  durationMs: number;
  createdAt: string;
}

export interface CallDetail extends CallSummary {
  arguments: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { code: string; detail: string } | null;
  exchanges: Exchange[];
  truncated: boolean;
}

/** Needs the sign-in popup before tools can be listed or called. */
export function needsSignIn(c: Connector): boolean {
  return c.authType === 'oauth' && !(c.status !== 'signin_required' && c.signedIn);
}

/**
 * Opens the sign-in window. Call it synchronously inside the click handler (a popup opened after an
 * await is blocked), then hand it to `startSignIn`.
 */
export function openSignInWindow(connectorId: string): Window | null {
  return window.open('', `connector-${connectorId}`, 'width=520,height=720');
}

/**
 * Asks the api for the authorize URL and sends the popup there (the whole page, when popups are
 * blocked). The popup lands on the api's callback page, which posts `bmm:connector-oauth` back.
 */
export async function startSignIn(connectorId: string, popup: Window | null): Promise<void> {
  try {
    const { authorize_url } = await api<{ authorize_url: string }>(
      `/v1/connectors/${connectorId}/oauth/start`,
      {
        method: 'POST',
      },
    );
    if (popup) popup.location.href = authorize_url;
    else window.location.href = authorize_url;
  } catch (err) {
    popup?.close();
    throw err;
  }
}

export interface SignInMessage {
  /** null when the callback could not tell which connector (a bad or expired state). */
  connectorId: string | null;
  status: 'ready' | 'error';
  error?: string;
}

/**
 * Calls `onMessage` when a sign-in popup reports how it ended. The message only tells the page to
 * reload what it shows from the api: nothing in it is trusted.
 */
export function useSignInMessages(onMessage: (m: SignInMessage) => void): void {
  const latest = useRef(onMessage);
  latest.current = onMessage;
  useEffect(() => {
    function listener(e: MessageEvent) {
      const data = e.data as Partial<SignInMessage> & { type?: unknown };
      if (data?.type !== 'bmm:connector-oauth') return;
      latest.current({
        connectorId: typeof data.connectorId === 'string' ? data.connectorId : null,
        status: data.status === 'ready' ? 'ready' : 'error',
        ...(typeof data.error === 'string' ? { error: data.error } : {}),
      });
    }
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, []);
}
