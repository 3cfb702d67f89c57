import { RateLimitedError, UnavailableError } from '../common/domain-error';
import { loadConfig } from '../config/app-config';
import { UploadGate } from './upload-gate';

describe('UploadGate', () => {
  const gate = (): UploadGate =>
    new UploadGate(loadConfig({ NODE_ENV: 'test', ATTACHMENT_UPLOADS_PER_USER: '2', ATTACHMENT_UPLOADS_PER_POD: '3' }));

  it('caps uploads per user (429) and per pod (503), and frees a slot once on release', () => {
    const uploads = gate();
    const first = uploads.enter('ann');
    uploads.enter('ann');
    expect(() => uploads.enter('ann')).toThrow(RateLimitedError);
    uploads.enter('ben');
    expect(() => uploads.enter('cat')).toThrow(UnavailableError);
    first();
    first();
    uploads.enter('cat');
    expect(() => uploads.enter('dan')).toThrow(UnavailableError);
  });
});
