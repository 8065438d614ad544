// Development entry of the spec thread: the sources are TypeScript, so load them through tsx.
// (A build runs dist/spec-worker/thread.js directly.)
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
