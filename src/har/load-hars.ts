// HAR files in, one Capture out: each file streamed in turn, then joined (several runs or pages).

import type { Capture } from "../model/capture.js";
import { type HarCaptureOptions, harToCapture } from "./har-to-capture.js";
import { readHar } from "./read-har.js";

export async function captureFromHars(files: string[], opts: HarCaptureOptions): Promise<Capture> {
  const hars = [];
  for (const file of files) hars.push(await readHar(file, opts.maxBodyBytes));
  return harToCapture(hars, opts);
}
