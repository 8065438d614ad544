// Development entry of a sandbox worker: the sources are TypeScript, so load them through tsx.
// (A build runs dist/worker-entry.js directly.)
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
