export {
  type FakeAnthropic,
  type FakeReply,
  type FakeRequest,
  startFakeAnthropic,
} from './fake-anthropic.js';
