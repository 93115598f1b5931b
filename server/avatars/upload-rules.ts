/**
 * What an avatar upload may be (shared/API.md, `PUT /api/auth/me/avatar`): read by the API's door
 * (server/middleware/api-guard.ts) before the body, and by the handler on its bytes.
 */

/** The largest avatar upload (shared/API.md: 413 above it). */
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024
/** The image types an avatar upload may be, by its `Content-Type` and by its content alike. */
export const AVATAR_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const
export type AvatarMediaType = typeof AVATAR_MEDIA_TYPES[number]

/** Whether a `Content-Type` header (parameters aside) names an image type avatars accept. */
export function isAvatarMediaType(contentType: string | undefined): contentType is AvatarMediaType {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return (AVATAR_MEDIA_TYPES as readonly string[]).includes(type ?? '')
}

/**
 * The image type of `bytes` by their signature (the "magic bytes"), whatever the request's
 * header claims: PNG, JPEG or WebP, else null.
 */
export function sniffImageType(bytes: Uint8Array): AvatarMediaType | null {
  const startsWith = (signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte)
  if (startsWith([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return 'image/png'
  if (startsWith([0xFF, 0xD8, 0xFF])) return 'image/jpeg'
  // RIFF….WEBP
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp'
  return null
}
