import type { LogLevel, ToolLimits, ToolResult } from './types.js';

export type WorkerRequest =
  | {
      type: 'run';
      id: number;
      source: string;
      input: Record<string, unknown>;
      secrets: Record<string, string>;
      allowedHosts: string[];
      allowPrivateNetwork: boolean;
      limits?: ToolLimits;
      reuseKey?: string;
      wantsProgress: boolean;
    }
  | { type: 'cancel'; id: number };

export type WorkerReply =
  | { type: 'log'; id: number; level: LogLevel; message: string }
  | { type: 'progress'; id: number; progress: number; total?: number; message?: string }
  | { type: 'result'; id: number; result: ToolResult };
