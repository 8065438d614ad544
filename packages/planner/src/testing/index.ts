export {
  type FakeAnthropic,
  type FakeBlock,
  type FakeReply,
  type FakeRequest,
  startFakeAnthropic,
} from './fake-anthropic.js';
export type { StreamOptions as FakeStreamOptions } from './fake-anthropic-stream.js';
