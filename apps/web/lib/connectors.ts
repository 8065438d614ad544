'use client';

import { useEffect, useRef } from 'react';
import { type Answer, api, ok } from './api';

/** A connector as `/v1/connectors` answers it (never its headers or tokens). */
export type Connector = Answer<'/v1/connectors'>['connectors'][number];
/** One HTTP exchange with the remote MCP endpoint, tokens and header values redacted by the api. */
export type Exchange = CallAnswer['exchanges'][number];
/** `POST /v1/connectors/:id/call`. */
export type CallAnswer = Answer<'/v1/connectors/{id}/call', 'post'>;
export type CallSummary = Answer<'/v1/connectors/calls'>['calls'][number];
export type CallDetail = Answer<'/v1/connectors/calls/{id}'>['call'];

/**
 * A tool as the remote MCP server listed it (MCP `Tool`). The api documents the stored list as plain
 * objects since it passes on what the remote server said; these are the fields the pages read.
 */
export interface McpTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** The connector's listed tools; entries without a name (not an MCP tool) are left out. */
export function connectorTools(c: Connector): McpTool[] {
  return (c.tools ?? []).filter((t): t is Record<string, unknown> & McpTool => typeof t.name === 'string');
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
    const { authorize_url } = await ok(
      api.POST('/v1/connectors/{id}/oauth/start', { params: { path: { id: connectorId } } }),
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
