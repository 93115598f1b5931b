import sharp from 'sharp'

/** The side of the stored square avatar, in pixels. */
export const AVATAR_SIZE = 256
/** Larger images (in pixels) are refused before they are decoded: a small file may unpack to gigabytes. */
const MAX_INPUT_PIXELS = 40_000_000

/**
 * The stored form of an avatar: the centre square of the image, `AVATAR_SIZE` pixels wide, as
 * WebP, turned upright by its EXIF orientation and stripped of its metadata. Rejects when the
 * image cannot be decoded (a broken file behind a right signature) or is too large.
 */
export function squareAvatar(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'centre' })
    .webp({ quality: 85 })
    .toBuffer()
}
