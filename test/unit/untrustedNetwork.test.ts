/**
 * Tag completion in dockerfile-language-service asks Docker Hub over HTTPS. Here `https.get` is
 * replaced by a recorder that fails every request at once: nothing leaves the machine, and the
 * test sees whether the library tried.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { EventEmitter } from 'node:events';
import { StandardFeatures } from '../../server/src/features/standardFeatures';

function recordHttpsGets(): { hosts: string[]; restore: () => void } {
  const hosts: string[] = [];
  const original = https.get;
  (https as { get: unknown }).get = (options: { host?: string; hostname?: string }) => {
    hosts.push(String(options.hostname ?? options.host));
    const request = new EventEmitter() as EventEmitter & { end: () => void };
    request.end = () => setImmediate(() => request.emit('error', new Error('blocked by the test')));
    return request;
  };
  return { hosts, restore: () => ((https as { get: unknown }).get = original) };
}

const TEXT = 'FROM node:\n';
const AT_TAG = { line: 0, character: 10 };

test('untrusted (network not allowed): tag completion makes no request', async () => {
  const recorder = recordHttpsGets();
  try {
    const features = new StandardFeatures({ log: () => undefined }, () => false);
    await features.completion(TEXT, AT_TAG);
    assert.deepEqual(recorder.hosts, []);
  } finally {
    recorder.restore();
  }
});

test('trusted with look-ups on: the same completion does ask the registry (so the test above can fail)', async () => {
  const recorder = recordHttpsGets();
  try {
    const features = new StandardFeatures({ log: () => undefined }, () => true);
    await features.completion(TEXT, AT_TAG);
    assert.ok(recorder.hosts.length > 0, 'a request was attempted');
  } finally {
    recorder.restore();
  }
});
