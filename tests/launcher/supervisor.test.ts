import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@bmm/db';
import { afterEach, describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../scripts/lib/restart-policy.ts';
import { describeExit, type ServiceSpec, Supervisor } from '../../scripts/lib/supervisor.ts';

// The launcher's supervisor against real child processes (a toy HTTP service), with a fast policy.

const toy = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'toy-service.mjs');
const fast = { initialDelayMs: 100, maxDelayMs: 400, maxCrashes: 3, windowMs: 10_000, stableAfterMs: 5_000 };
const running: Supervisor[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stopAll()));
});

async function toySpec(name: string, env: NodeJS.ProcessEnv = {}): Promise<ServiceSpec> {
  const port = await freePort();
  return {
    name,
    command: [process.execPath, toy],
    cwd: path.dirname(toy),
    env: { PATH: process.env.PATH, PORT: String(port), ...env },
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    color: (s) => s,
  };
}

function supervisor() {
  const messages: string[] = [];
  const s = new Supervisor({ log: (m) => messages.push(m), write: () => {}, policy: fast });
  running.push(s);
  return { s, messages };
}

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const answers = (url: string) =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );

describe('RestartPolicy', () => {
  it('backs off exponentially up to the cap, resets after a stable run, gives up on a crash loop', () => {
    const p = new RestartPolicy({ ...fast, maxCrashes: 5, windowMs: 1000 });
    // Crashes 2 s apart never make a loop, but the delay keeps growing to the cap.
    const delays = [0, 2000, 4000, 6000].map((t) => p.onCrash(t, 100));
    expect(delays.map((d) => (d.action === 'restart' ? d.delayMs : -1))).toEqual([100, 200, 400, 400]);
    // A run longer than stableAfterMs starts over at the initial delay.
    expect(p.onCrash(20_000, 6000)).toMatchObject({ action: 'restart', delayMs: 100 });
    const loop = new RestartPolicy({ ...fast, maxCrashes: 3, windowMs: 1000 });
    expect(loop.onCrash(0, 10).action).toBe('restart');
    expect(loop.onCrash(300, 10).action).toBe('restart');
    expect(loop.onCrash(600, 10)).toEqual({ action: 'give-up', crashesInWindow: 3 });
  });

  it('describes an exit by its code or signal', () => {
    expect(describeExit(1, null)).toBe('exit code 1');
    expect(describeExit(null, 'SIGKILL')).toBe('signal SIGKILL');
  });
});

describe('Supervisor', () => {
  it('restarts a killed service and says so, while the other keeps serving', async () => {
    const { s, messages } = supervisor();
    const a = s.start(await toySpec('alpha'));
    const b = s.start(await toySpec('beta'));
    expect(await a.firstReady()).toBe(true);
    expect(await b.firstReady()).toBe(true);
    const firstPid = a.pid!;
    process.kill(firstPid, 'SIGKILL');
    await until(() => messages.some((m) => m.startsWith('alpha is back')));
    expect(a.pid).not.toBe(firstPid);
    expect(a.restarts).toBe(1);
    expect(await answers(a.spec.readyUrl)).toBe(true);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^alpha stopped unexpectedly \(signal SIGKILL\) after [\d.]+ s; restarting it in 0\.1 s \(crash 1 of 3 allowed within 10\.0 s\)\.$/,
      ),
    );
    expect(b.restarts).toBe(0);
    expect(b.state).toBe('ready');
  });

  it('gives up on a crash loop with one sentence and the last lines of its log; the other keeps serving', async () => {
    const { s, messages } = supervisor();
    const ok = s.start(await toySpec('steady'));
    const bad = s.start(await toySpec('broken', { TOY_CRASH_ON_START: 'PORT must be a number' }));
    expect(await ok.firstReady()).toBe(true);
    expect(await bad.firstReady()).toBe(false);
    expect(bad.state).toBe('given-up');
    expect(bad.restarts).toBe(2);
    const giveUp = messages.find((m) => m.startsWith('broken crashed'))!;
    expect(giveUp).toMatch(
      /^broken crashed 3 times within 10\.0 s \(last: exit code 1\), so the launcher stopped restarting it; the rest of the platform keeps running\. Its last log lines:\n {4}toy: refusing to start: PORT must be a number/,
    );
    // Backoff between the attempts: 0.1 s, then 0.2 s.
    expect(
      messages
        .filter((m) => m.startsWith('broken stopped unexpectedly'))
        .map((m) => m.match(/in ([\d.]+) s/)?.[1]),
    ).toEqual(['0.1', '0.2']);
    await new Promise((r) => setTimeout(r, 500));
    expect(bad.restarts).toBe(2); // and it stays stopped
    expect(await answers(ok.spec.readyUrl)).toBe(true);
  });

  it('stops every service without restarting any', async () => {
    const { s, messages } = supervisor();
    const services = [s.start(await toySpec('one')), s.start(await toySpec('two'))];
    await Promise.all(services.map((x) => x.firstReady()));
    const pids = services.map((x) => x.pid!);
    await s.stopAll();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect(messages.filter((m) => m.includes('unexpectedly'))).toEqual([]);
    expect(services.map((x) => x.state)).toEqual(['stopped', 'stopped']);
  });
});
