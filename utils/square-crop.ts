/**
 * The geometry of the avatar cropper: an image under a square window of `view` pixels, scaled
 * to cover it at zoom 1 and moved by `offset` (where its top-left corner sits in the window).
 * The image always covers the window, so the crop is always a full square of the image.
 */

export interface Size { width: number, height: number }
export interface Point { x: number, y: number }

/** Pixels of the window per pixel of the image at `zoom` (1: the image's short side fills the window). */
export function cropScale(image: Size, view: number, zoom: number): number {
  return (view / Math.min(image.width, image.height)) * zoom
}

/** `offset` moved just enough that the scaled image still covers the whole window. */
export function clampOffset(offset: Point, image: Size, view: number, scale: number): Point {
  const clamp = (value: number, min: number) => Math.min(0, Math.max(min, value))
  return { x: clamp(offset.x, view - image.width * scale), y: clamp(offset.y, view - image.height * scale) }
}

/** The offset that centres the image in the window. */
export function centredOffset(image: Size, view: number, scale: number): Point {
  return { x: (view - image.width * scale) / 2, y: (view - image.height * scale) / 2 }
}

/** The new offset after a zoom from `from` to `to` scale, keeping the window's centre on the same spot of the image. */
export function zoomedOffset(offset: Point, image: Size, view: number, from: number, to: number): Point {
  const centre = view / 2
  const moved = { x: centre - ((centre - offset.x) / from) * to, y: centre - ((centre - offset.y) / from) * to }
  return clampOffset(moved, image, view, to)
}

/** The square of the image (in its own pixels) that the window shows. */
export function cropSource(offset: Point, view: number, scale: number): { x: number, y: number, size: number } {
  return { x: -offset.x / scale || 0, y: -offset.y / scale || 0, size: view / scale }
}
