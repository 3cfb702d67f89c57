import type { Device } from '../../../contracts/encryption';
import { byCreation, deviceKeysFingerprint, DevicesRepository, type PublishOutcome } from './devices.repository';

export class MemoryDevicesRepository extends DevicesRepository {
  private readonly byUser = new Map<string, Map<string, Device>>();

  async publish(device: Device, maxDevices: number): Promise<PublishOutcome> {
    const devices = this.byUser.get(device.userId) ?? new Map<string, Device>();
    const existing = devices.get(device.id);
    if (existing) {
      return deviceKeysFingerprint(existing) === deviceKeysFingerprint(device) ? 'unchanged' : 'keys_differ';
    }
    if (devices.size >= maxDevices) {
      return 'full';
    }
    devices.set(device.id, structuredClone(device));
    this.byUser.set(device.userId, devices);
    return 'created';
  }

  async list(userId: string): Promise<Device[]> {
    return [...(this.byUser.get(userId)?.values() ?? [])].map((device) => structuredClone(device)).sort(byCreation);
  }

  async find(userId: string, deviceId: string): Promise<Device | undefined> {
    const device = this.byUser.get(userId)?.get(deviceId);
    return device && structuredClone(device);
  }

  async remove(userId: string, deviceId: string): Promise<boolean> {
    return this.byUser.get(userId)?.delete(deviceId) ?? false;
  }
}
