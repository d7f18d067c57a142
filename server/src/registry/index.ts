/** The registry client's public surface. */
export type { ImageSizeQuery, ImageSizeResult, ImageSizeService, Platform, RemoteImageSize } from './types';
export { createImageSizeService, type ImageSizeServiceOptions } from './service';
export { getImageSizeService, setImageSizeService } from './instance';
export { parseImageReference, formatReference, type ImageReference } from './reference';
