// imageSize: the pixel size read from real GIF, PNG, JPEG and WebP headers, so a 1×1 tracking
// pixel is told from a 16×16 icon.
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { imageSize } from "../../src/capture/image-size.js";

const GIF_1X1 = Buffer.from(
  "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b",
  "hex",
);

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function png(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((w * 4 + 1) * h);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG skeleton: SOI, an APP0 segment, then SOF0 with the size. */
function jpeg(w: number, h: number): Buffer {
  const app0 = Buffer.from([
    0xff,
    0xe0,
    0x00,
    0x10,
    ...Buffer.from("JFIF\0"),
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
  ]);
  const sof = Buffer.alloc(19);
  sof.set([0xff, 0xc0, 0x00, 0x11, 0x08]);
  sof.writeUInt16BE(h, 5);
  sof.writeUInt16BE(w, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

function webp(kind: "VP8 " | "VP8L" | "VP8X", w: number, h: number): Buffer {
  const b = Buffer.alloc(40);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(32, 4);
  b.write("WEBP", 8, "latin1");
  b.write(kind, 12, "latin1");
  if (kind === "VP8 ") {
    b.set([0x9d, 0x01, 0x2a], 23);
    b.writeUInt16LE(w, 26);
    b.writeUInt16LE(h, 28);
  } else if (kind === "VP8L") {
    b[20] = 0x2f;
    b.writeUInt32LE(((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14), 21);
  } else {
    b.writeUIntLE(w - 1, 24, 3);
    b.writeUIntLE(h - 1, 27, 3);
  }
  return b;
}

describe("imageSize", () => {
  it("reads the classic 43-byte 1×1 GIF", () => {
    expect(imageSize(GIF_1X1)).toEqual({ width: 1, height: 1 });
  });

  it("reads PNGs of any size", () => {
    expect(imageSize(png(16, 16))).toEqual({ width: 16, height: 16 });
    expect(imageSize(png(1, 1))).toEqual({ width: 1, height: 1 });
    expect(imageSize(png(728, 90))).toEqual({ width: 728, height: 90 });
  });

  it("walks JPEG segments to the frame header", () => {
    expect(imageSize(jpeg(1, 1))).toEqual({ width: 1, height: 1 });
    expect(imageSize(jpeg(640, 480))).toEqual({ width: 640, height: 480 });
  });

  it("reads the three WebP flavours", () => {
    expect(imageSize(webp("VP8 ", 2, 2))).toEqual({ width: 2, height: 2 });
    expect(imageSize(webp("VP8L", 1, 1))).toEqual({ width: 1, height: 1 });
    expect(imageSize(webp("VP8X", 300, 250))).toEqual({ width: 300, height: 250 });
  });

  it("returns undefined for what is not an image or is cut short", () => {
    expect(imageSize(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeUndefined();
    expect(imageSize(Buffer.alloc(0))).toBeUndefined();
    expect(imageSize(GIF_1X1.subarray(0, 6))).toBeUndefined();
    expect(imageSize(jpeg(10, 10).subarray(0, 12))).toBeUndefined();
  });
});
