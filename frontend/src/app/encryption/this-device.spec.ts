import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { DEVICE_ID_PATTERN, type PublishDeviceRequest } from '@contracts/encryption';

import { ThisDevice, deviceName } from './this-device';

describe('ThisDevice', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  /** Answers the next publish (the keys are made asynchronously first). */
  async function publish(status = 200): Promise<{ id: string; body: PublishDeviceRequest }> {
    const request = await vi.waitFor(() => http.expectOne((candidate) => candidate.method === 'PUT'));
    const id = request.request.url.split('/').pop()!;
    const body = request.request.body as PublishDeviceRequest;
    request.flush(status === 200 ? { ...body, id } : { message: 'device id known with other keys' }, {
      status,
      statusText: String(status),
    });
    return { id, body };
  }

  it('makes a device once, publishes its public keys only, and loads the same one again', async () => {
    const device = TestBed.inject(ThisDevice);
    const ready = device.ready('u1');
    const first = await publish();
    const made = await ready;

    expect(first.id).toMatch(DEVICE_ID_PATTERN);
    expect(made.id).toBe(first.id);
    expect(Object.keys(first.body.ecdhPublicKey).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(JSON.stringify(first.body)).not.toContain('"d"');
    expect(device.id()).toBe(first.id);
    expect(await device.ready('u1')).toBe(made);

    // The next start (another ThisDevice over the same storage) loads it and publishes it again.
    const restarted = TestBed.runInInjectionContext(() => new ThisDevice());
    const again = restarted.ready('u1');
    expect((await publish()).id).toBe(first.id);
    expect((await again).id).toBe(first.id);
  });

  it('makes a new device when the server knows the stored id with other keys (409)', async () => {
    const ready = TestBed.inject(ThisDevice).ready('u1');
    const first = await publish();
    await ready;

    const restarted = TestBed.runInInjectionContext(() => new ThisDevice());
    const again = restarted.ready('u1');
    expect((await publish(409)).id).toBe(first.id);
    const second = await publish();
    expect(second.id).not.toBe(first.id);
    expect((await again).id).toBe(second.id);
  });

  it('names the device after the browser and system', () => {
    expect(deviceName('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox on Linux');
    expect(
      deviceName('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'),
    ).toBe('Safari on macOS');
  });
});
