/**
 * The whole platform for the browser tests: the shared harness (tests/support/platform.ts: a fresh
 * database and api, oauth-as, builder and runner on free ports) plus the web app served by
 * `next start`. The web port is chosen first because every service needs WEB_URL. The issuer carries
 * a path (`/oauth`) so the web's proxying of issuer paths is exercised too.
 */
import { freePort } from '@bmm/db';
import { type Platform, type PlatformOptions, startPlatform } from '../../support/platform.ts';
import { type PlatformUrls, type RunningWeb, startWeb } from './web.ts';

export interface Stack {
  urls: PlatformUrls;
  platform: Platform;
  web: RunningWeb;
  /** Stops one service (to show what the pages do when it is down). */
  stopService(name: keyof Platform['apps']): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(
  options: Pick<PlatformOptions, 'operator' | 'fakeAnthropic'> = {},
): Promise<Stack> {
  const webPort = await freePort();
  const platform = await startPlatform({
    ...options,
    webUrl: `http://127.0.0.1:${webPort}`,
    issuerPath: '/oauth',
  });
  try {
    const web = await startWeb(webPort, platform.urls);
    return {
      urls: platform.urls,
      platform,
      web,
      stopService: async (name) => {
        await platform.apps[name].close();
      },
      stop: async () => {
        await web.stop();
        await platform.stop();
      },
    };
  } catch (err) {
    await platform.stop();
    throw err;
  }
}
