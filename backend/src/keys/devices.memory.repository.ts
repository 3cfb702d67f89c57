import type { Device } from '../../../contracts/encryption';
import { byCreation, deviceKeysFingerprint, DevicesRepository, type PublishOutcome } from './devices.repository';

export class MemoryDevicesRepository extends DevicesRepository {
  private readonly byUser = new Map<string, Map<string, Device>>();
  // In order of retirement: the first ones are the first forgotten.
  private readonly retiredByUser = new Map<string, Map<string, Device>>();

  async publish(device: Device, maxDevices: number): Promise<PublishOutcome> {
    if (this.retiredByUser.get(device.userId)?.has(device.id)) {
      return 'retired';
    }
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
    return copies(this.byUser.get(userId));
  }

  async listRetired(userId: string): Promise<Device[]> {
    return copies(this.retiredByUser.get(userId));
  }

  async find(userId: string, deviceId: string): Promise<Device | undefined> {
    const device = this.byUser.get(userId)?.get(deviceId);
    return device && structuredClone(device);
  }

  async retire(userId: string, deviceId: string, removedAt: string, keepRetired: number): Promise<boolean> {
    const device = this.byUser.get(userId)?.get(deviceId);
    if (!device) {
      return false;
    }
    this.byUser.get(userId)!.delete(deviceId);
    const retired = this.retiredByUser.get(userId) ?? new Map<string, Device>();
    retired.set(deviceId, { ...device, removedAt });
    for (const oldest of [...retired.keys()].slice(0, Math.max(0, retired.size - keepRetired))) {
      retired.delete(oldest);
    }
    this.retiredByUser.set(userId, retired);
    return true;
  }
}

const copies = (devices: Map<string, Device> | undefined): Device[] =>
  [...(devices?.values() ?? [])].map((device) => structuredClone(device)).sort(byCreation);
