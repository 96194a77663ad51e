// A camera's photo for tests: a full-size JPEG (8000 × 6000 by default) carrying as many bytes of maker data as a
// camera writes (APP segments that decoders skip), so that tests see a 45 MB, 48-megapixel file in a second instead
// of encoding noise for ten. Used by the build's tests and by the web editor's browser test.

import sharp from 'sharp'

export async function cameraPhoto(bytes: number, width = 8000, height = 6000): Promise<Buffer> {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: '#2a5d8f' } })
    .jpeg({ quality: 80 })
    .toBuffer()
  const room = bytes - jpeg.length
  if (room <= 0) return jpeg
  // APP15 segments of at most 65,533 data bytes each, right after the start-of-image marker.
  const segments: Buffer[] = []
  for (let left = room; left > 4;) {
    const data = Math.min(65_533, left - 4)
    const segment = Buffer.alloc(data + 4, 0x55)
    segment.writeUInt16BE(0xffef, 0)
    segment.writeUInt16BE(data + 2, 2)
    segments.push(segment)
    left -= data + 4
  }
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)])
}
