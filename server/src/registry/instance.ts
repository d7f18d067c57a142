/**
 * The language server's one ImageSizeService, set in `onInitialize` (enabled only when the
 * workspace is trusted and look-ups are allowed), read by the size engine. Until it is set, the
 * disabled service answers: no feature can reach the network by accident.
 */
import { createImageSizeService } from './service';
import type { ImagePlatformService, ImageSizeService } from './types';

const notInitialized = createImageSizeService({ enabled: false, disabledReason: 'registry look-ups are not set up yet' });
let current: ImageSizeService & ImagePlatformService = notInitialized;

export function setImageSizeService(service: ImageSizeService & ImagePlatformService): void {
  current = service;
}

export function getImageSizeService(): ImageSizeService & ImagePlatformService {
  return current;
}
