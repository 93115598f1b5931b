import { describe, expect, it } from 'vitest'
import { centredOffset, clampOffset, cropScale, cropSource, zoomedOffset } from '../../utils/square-crop'

const WIDE = { width: 800, height: 400 }
const VIEW = 200

describe('square crop geometry (the avatar cropper)', () => {
  it('fits the short side to the window at zoom 1 and crops the centre square', () => {
    const scale = cropScale(WIDE, VIEW, 1)
    expect(scale).toBe(0.5)
    const offset = centredOffset(WIDE, VIEW, scale)
    expect(offset).toEqual({ x: -100, y: 0 })
    expect(cropSource(offset, VIEW, scale)).toEqual({ x: 200, y: 0, size: 400 })
  })

  it('never lets the image uncover the window', () => {
    const scale = cropScale(WIDE, VIEW, 1)
    expect(clampOffset({ x: 50, y: 30 }, WIDE, VIEW, scale)).toEqual({ x: 0, y: 0 })
    expect(clampOffset({ x: -500, y: -30 }, WIDE, VIEW, scale)).toEqual({ x: -200, y: 0 })
    expect(cropSource({ x: -200, y: 0 }, VIEW, scale)).toEqual({ x: 400, y: 0, size: 400 })
  })

  it('zooms around the window centre: a smaller square of the same spot', () => {
    const from = cropScale(WIDE, VIEW, 1)
    const to = cropScale(WIDE, VIEW, 2)
    const offset = zoomedOffset(centredOffset(WIDE, VIEW, from), WIDE, VIEW, from, to)
    expect(cropSource(offset, VIEW, to)).toEqual({ x: 300, y: 100, size: 200 })
    // Zooming back out near an edge pulls the image back over the window.
    const back = zoomedOffset({ x: 0, y: 0 }, WIDE, VIEW, to, from)
    expect(back).toEqual({ x: 0, y: 0 })
    expect(zoomedOffset({ x: -600, y: -200 }, WIDE, VIEW, to, from)).toEqual({ x: -200, y: 0 })
  })
})
