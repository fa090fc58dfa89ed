// Device profiles (--device): the user agent, client hints, screen and input a target is given
// before any of its scripts run. Malware that only attacks phones must be visible to a mobile scan.
import type { CapturedDevice } from "../model/capture.js";
import type { CdpSession } from "./cdp-connection.js";
import { sendAll } from "./collector.js";
import type { UserAgentOverride } from "./user-agent.js";

export const DEVICE_NAMES = ["desktop", "mobile"] as const;
export type DeviceName = (typeof DEVICE_NAMES)[number];

export interface DeviceProfile {
  userAgent: UserAgentOverride;
  device: CapturedDevice;
}

const DESKTOP: CapturedDevice = {
  name: "desktop",
  viewport: { width: 1366, height: 768 },
  deviceScaleFactor: 1,
  mobile: false,
  touch: false,
};

/** A mid-range Android phone (Pixel 7 class), the most common kind of mobile visitor. */
const MOBILE: CapturedDevice = {
  name: "mobile",
  viewport: { width: 412, height: 915 },
  deviceScaleFactor: 2.625,
  mobile: true,
  touch: true,
};

/** The profile for a device name, from the desktop user agent of the real browser version. */
export function deviceProfile(name: DeviceName, desktop: UserAgentOverride): DeviceProfile {
  if (name === "desktop") return { userAgent: desktop, device: DESKTOP };
  const major = /Chrome\/(\d+)/.exec(desktop.userAgent)?.[1] ?? "0";
  return {
    // Chrome's reduced mobile user agent: Android 10, model "K", only the major version.
    userAgent: {
      userAgent: `Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Mobile Safari/537.36`,
      acceptLanguage: desktop.acceptLanguage,
      platform: "Linux armv81",
      userAgentMetadata: {
        ...desktop.userAgentMetadata,
        platform: "Android",
        platformVersion: "14.0.0",
        architecture: "",
        model: "Pixel 7",
        mobile: true,
        bitness: "",
      },
    },
    device: MOBILE,
  };
}

export function isDeviceName(value: string): value is DeviceName {
  return (DEVICE_NAMES as readonly string[]).includes(value);
}

/**
 * Screen and touch for a page or frame target while it is paused (the user agent goes with the
 * network override). Frames take their size from the page, so only the page gets the metrics.
 */
export function emulateDevice(
  session: CdpSession,
  device: CapturedDevice,
  isPage: boolean,
): Promise<void> {
  if (!device.mobile && !device.touch) return Promise.resolve();
  return sendAll(
    isPage
      ? session.send("Emulation.setDeviceMetricsOverride", {
          width: device.viewport.width,
          height: device.viewport.height,
          deviceScaleFactor: device.deviceScaleFactor,
          mobile: device.mobile,
        })
      : Promise.resolve(),
    session.send("Emulation.setTouchEmulationEnabled", {
      enabled: device.touch,
      maxTouchPoints: 5,
    }),
  );
}
