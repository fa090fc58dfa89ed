// The page-script half of the behaviour hooks: wraps the probing APIs (canvas, WebGL, audio,
// fonts, navigator/screen, WebRTC, media devices, battery, permissions), keystroke/mouse
// listeners, whole-document MutationObservers and form submits, in one realm and in every
// same-origin child realm a script reaches (about:blank / srcdoc iframes made for clean
// prototypes). Wrappers are Proxies of the originals, so name, length and the absence of a
// prototype stay native; Function.prototype.toString answers for the original.
//
// Each (api, calling stack, detail) is posted on its 1st, 2nd, 4th, 8th… call with the count so
// far: a hot API (measureText in a font probe) costs a message per doubling, not per call. After
// SAMPLE_AFTER calls of one API a stack is taken only every SAMPLE_EVERY calls, the calls between
// counted to the last caller seen: attribution stays right for the scripts that matter (the
// first callers) and the price of a hot loop stays flat.

export const SAMPLE_AFTER = 64;
export const SAMPLE_EVERY = 32;

/** The hook body; BINDING must be defined before it (the binding's name, as a string). */
export const BEHAVIOUR_BODY = `
  const realms = new WeakSet();
  const masks = new WeakMap();
  const totals = new Map();
  const lastStack = new Map();
  const seen = new Map();
  const canvasState = new WeakMap();
  const audioState = new WeakMap();
  const distinct = new Map();
  const R = Reflect, OP = Object;
  const define = (o, k, d) => { try { OP.defineProperty(o, k, d); } catch {} };
  const where = () => { try { return (globalThis.document && document.URL) || location.href; } catch { return ""; } };
  const hit = (api, family, detail) => {
    const total = (totals.get(api) || 0) + 1;
    totals.set(api, total);
    let s;
    if (total <= ${SAMPLE_AFTER} || total % ${SAMPLE_EVERY} === 0 || !lastStack.has(api)) {
      s = stack();
      lastStack.set(api, s);
    } else s = lastStack.get(api);
    const key = api + "\\u0000" + s + "\\u0000" + (detail ? JSON.stringify(detail) : "");
    const n = (seen.get(key) || 0) + 1;
    seen.set(key, n);
    if ((n & (n - 1)) === 0) post({ api, family, stack: s, count: n, detail: detail || undefined, url: where() });
  };
  const wrapFn = (fn, before, ctor) => {
    const p = new Proxy(fn, ctor
      ? { construct(t, args, nt) { try { before(undefined, args); } catch {} return R.construct(t, args, nt); } }
      : { apply(t, self, args) { try { before(self, args); } catch {} return R.apply(t, self, args); } });
    masks.set(p, fn);
    return p;
  };
  const method = (proto, name, before) => {
    const d = proto && OP.getOwnPropertyDescriptor(proto, name);
    if (!d || typeof d.value !== "function") return;
    define(proto, name, { configurable: d.configurable, enumerable: d.enumerable, writable: d.writable, value: wrapFn(d.value, before) });
  };
  const getter = (proto, name, before) => {
    const d = proto && OP.getOwnPropertyDescriptor(proto, name);
    if (!d || typeof d.get !== "function") return;
    define(proto, name, { configurable: d.configurable, enumerable: d.enumerable, get: wrapFn(d.get, before), set: d.set });
  };
  const setter = (proto, name, before) => {
    const d = proto && OP.getOwnPropertyDescriptor(proto, name);
    if (!d || typeof d.set !== "function") return;
    define(proto, name, { configurable: d.configurable, enumerable: d.enumerable, get: d.get, set: wrapFn(d.set, before) });
  };
  const once = (api, family, value) => {
    let set = distinct.get(api);
    if (!set) distinct.set(api, (set = new Set()));
    const v = String(value);
    if (set.has(v) || set.size > 4096) return;
    set.add(v);
    hit(api, family);
  };
  const canvasOf = (c) => { let s = canvasState.get(c); if (!s) canvasState.set(c, (s = { text: false, shapes: false, image: false })); return s; };
  const readout = (canvas, api, extra) => {
    const s = (canvas && canvasState.get(canvas)) || { text: false, shapes: false, image: false };
    hit(api, "canvas", OP.assign({ width: Number(canvas && canvas.width) || 0, height: Number(canvas && canvas.height) || 0, text: s.text, shapes: s.shapes, image: s.image }, extra));
  };

  function install(g) {
    if (!g || realms.has(g)) return;
    realms.add(g);
    const FP = g.Function && g.Function.prototype;
    if (FP && FP.toString) {
      const ts = FP.toString;
      const p = new Proxy(ts, { apply(t, self, args) { return R.apply(t, masks.get(self) || self, args); } });
      masks.set(p, ts);
      define(FP, "toString", { configurable: true, enumerable: false, writable: true, value: p });
    }
    canvas(g); webgl(g); audio(g); fonts(g); nav(g); devices(g); listeners(g); observers(g); forms(g); frames(g); blobs(g);
  }

  function canvas(g) {
    for (const C of [g.CanvasRenderingContext2D, g.OffscreenCanvasRenderingContext2D]) {
      const P = C && C.prototype;
      if (!P) continue;
      for (const k of ["fillText", "strokeText"]) method(P, k, (self) => { canvasOf(self.canvas).text = true; });
      for (const k of ["fillRect", "strokeRect", "fill", "stroke", "arc", "lineTo", "rect"]) method(P, k, (self) => { canvasOf(self.canvas).shapes = true; });
      method(P, "drawImage", (self) => { canvasOf(self.canvas).image = true; });
      method(P, "getImageData", (self) => readout(self.canvas, C.name + ".getImageData"));
    }
    const H = g.HTMLCanvasElement && g.HTMLCanvasElement.prototype;
    method(H, "toDataURL", (self, a) => readout(self, "HTMLCanvasElement.toDataURL", { type: String(a[0] || "image/png") }));
    method(H, "toBlob", (self, a) => readout(self, "HTMLCanvasElement.toBlob", { type: String(a[1] || "image/png") }));
    const O = g.OffscreenCanvas && g.OffscreenCanvas.prototype;
    method(O, "convertToBlob", (self) => readout(self, "OffscreenCanvas.convertToBlob"));
  }

  function webgl(g) {
    for (const C of [g.WebGLRenderingContext, g.WebGL2RenderingContext]) {
      const P = C && C.prototype;
      if (!P) continue;
      method(P, "getParameter", (self, a) => {
        if (a[0] === 0x9245) hit(C.name + ".getParameter", "webgl", { param: "UNMASKED_VENDOR_WEBGL" });
        else if (a[0] === 0x9246) hit(C.name + ".getParameter", "webgl", { param: "UNMASKED_RENDERER_WEBGL" });
      });
      method(P, "getExtension", (self, a) => { if (String(a[0]) === "WEBGL_debug_renderer_info") hit(C.name + ".getExtension", "webgl", { name: "WEBGL_debug_renderer_info" }); });
      method(P, "readPixels", () => hit(C.name + ".readPixels", "webgl"));
      method(P, "getShaderPrecisionFormat", () => hit(C.name + ".getShaderPrecisionFormat", "webgl"));
    }
  }

  function audio(g) {
    const B = g.BaseAudioContext && g.BaseAudioContext.prototype;
    const mark = (k) => (self) => { if (self instanceof g.OfflineAudioContext) { let s = audioState.get(self); if (!s) audioState.set(self, (s = {})); s[k] = true; } };
    method(B, "createOscillator", mark("oscillator"));
    method(B, "createDynamicsCompressor", mark("compressor"));
    method(B, "createAnalyser", mark("analyser"));
    const O = g.OfflineAudioContext && g.OfflineAudioContext.prototype;
    method(O, "startRendering", (self) => {
      const s = audioState.get(self) || {};
      hit("OfflineAudioContext.startRendering", "audio", { oscillator: !!s.oscillator, compressor: !!s.compressor, length: Number(self.length) || 0 });
    });
    const A = g.AnalyserNode && g.AnalyserNode.prototype;
    method(A, "getFloatFrequencyData", () => hit("AnalyserNode.getFloatFrequencyData", "audio"));
  }

  function fonts(g) {
    for (const C of [g.CanvasRenderingContext2D, g.OffscreenCanvasRenderingContext2D]) {
      const P = C && C.prototype;
      if (!P) continue;
      method(P, "measureText", () => hit(C.name + ".measureText", "fonts"));
      setter(P, "font", (self, a) => once(C.name + ".font", "fonts", a[0]));
    }
    // Element-width probing: spans styled with one font after another, each measured. CSS
    // properties are own properties of each style object in Chromium, so the measuring is hooked
    // and counted per distinct inline font-family measured; plain layout reads are not recorded.
    const H = g.HTMLElement && g.HTMLElement.prototype;
    for (const k of ["offsetWidth", "offsetHeight"]) {
      getter(H, k, (self) => {
        const st = self.style;
        const ff = st && st.fontFamily;
        if (ff) once("HTMLElement." + k, "fonts", ff);
      });
    }
    const F = g.FontFaceSet && g.FontFaceSet.prototype;
    method(F, "check", (self, a) => once("FontFaceSet.check", "fonts", a[0]));
  }

  function nav(g) {
    const N = (g.Navigator || g.WorkerNavigator) && (g.Navigator || g.WorkerNavigator).prototype;
    const navName = g.Navigator ? "Navigator" : "WorkerNavigator";
    for (const k of ["hardwareConcurrency", "deviceMemory", "plugins", "mimeTypes", "languages", "language", "platform", "maxTouchPoints", "vendor", "pdfViewerEnabled", "cookieEnabled", "doNotTrack", "webdriver", "connection"]) {
      getter(N, k, () => hit(navName + "." + k, "navigator"));
    }
    const Sc = g.Screen && g.Screen.prototype;
    for (const k of ["colorDepth", "pixelDepth", "availWidth", "availHeight"]) getter(Sc, k, () => hit("Screen." + k, "navigator"));
    const I = g.Intl && g.Intl.DateTimeFormat && g.Intl.DateTimeFormat.prototype;
    method(I, "resolvedOptions", () => hit("Intl.DateTimeFormat.resolvedOptions", "navigator"));
    method(g.Date && g.Date.prototype, "getTimezoneOffset", () => hit("Date.getTimezoneOffset", "navigator"));
  }

  function devices(g) {
    const RTC = g.RTCPeerConnection;
    if (RTC) {
      const p = wrapFn(RTC, () => hit("RTCPeerConnection", "webrtc"), true);
      define(g, "RTCPeerConnection", { configurable: true, enumerable: false, writable: true, value: p });
      if (g.webkitRTCPeerConnection === RTC) define(g, "webkitRTCPeerConnection", { configurable: true, enumerable: false, writable: true, value: p });
      try { define(RTC.prototype, "constructor", { configurable: true, enumerable: false, writable: true, value: p }); } catch {}
      for (const k of ["createOffer", "createDataChannel", "setLocalDescription"]) method(RTC.prototype, k, () => hit("RTCPeerConnection." + k, "webrtc"));
    }
    const M = g.MediaDevices && g.MediaDevices.prototype;
    method(M, "enumerateDevices", () => hit("MediaDevices.enumerateDevices", "media-devices"));
    const N = g.Navigator && g.Navigator.prototype;
    method(N, "getBattery", () => hit("Navigator.getBattery", "battery"));
    const Pm = g.Permissions && g.Permissions.prototype;
    method(Pm, "query", (self, a) => hit("Permissions.query", "permissions", { name: String(a[0] && a[0].name) }));
  }

  const KEY_TYPES = new Set(["input", "keydown", "keyup", "keypress", "change", "beforeinput", "blur", "focusout", "paste"]);
  const PAGE_TYPES = new Set(["mousemove", "pointermove", "scroll", "click", "touchmove"]);
  function nodeLabel(g, t) {
    if (t === g) return "window";
    if (t === g.document) return "document";
    const n = t && t.nodeType === 1 && String(t.nodeName).toLowerCase();
    if (!n) return "";
    if (n === "input") return "input:" + String(t.type || "text").toLowerCase();
    return n;
  }
  const FIELD = /^(input:|textarea$|select$|form$|body$|html$|window$|document$)/;
  const PAGE = /^(window|document|body|html)$/;
  function listeners(g) {
    const E = g.EventTarget && g.EventTarget.prototype;
    method(E, "addEventListener", (self, a) => {
      const type = String(a[0]);
      const key = KEY_TYPES.has(type), page = PAGE_TYPES.has(type);
      if (!key && !page) return;
      const label = nodeLabel(g, self);
      if ((key && FIELD.test(label)) || (page && PAGE.test(label))) hit("addEventListener:" + type, "listener", { target: label });
    });
    for (const C of [g.HTMLElement, g.Document]) {
      const P = C && C.prototype;
      for (const type of ["keydown", "keyup", "keypress", "input", "change", "blur"]) {
        setter(P, "on" + type, (self, a) => {
          const label = nodeLabel(g, self);
          if (typeof a[0] === "function" && FIELD.test(label)) hit("on" + type, "listener", { target: label });
        });
      }
    }
  }

  function observers(g) {
    const M = g.MutationObserver && g.MutationObserver.prototype;
    method(M, "observe", (self, a) => {
      const t = a[0], o = a[1] || {};
      const label = nodeLabel(g, t);
      if (!o.subtree || !/^(document|html|body)$/.test(label)) return;
      hit("MutationObserver.observe", "observer", { target: label, childList: !!o.childList, attributes: !!o.attributes, characterData: !!o.characterData });
    });
  }

  function forms(g) {
    if (!g.document || !g.HTMLFormElement) return;
    const sent = (form) => { try { post({ submit: true, action: String(form.action || ""), url: where() }); } catch {} };
    const add = g.EventTarget.prototype.addEventListener;
    try { R.apply(masks.get(add) || add, g, ["submit", (e) => sent(e.target), true]); } catch {}
    method(g.HTMLFormElement.prototype, "submit", (self) => sent(self));
  }

  // blob: URLs name no script: say who made each, so a blob worker's probes have an author.
  function blobs(g) {
    const U = g.URL;
    const d = U && OP.getOwnPropertyDescriptor(U, "createObjectURL");
    if (!d || typeof d.value !== "function") return;
    const p = new Proxy(d.value, { apply(t, self, args) {
      const r = R.apply(t, self, args);
      try { post({ blob: String(r), stack: stack() }); } catch {}
      return r;
    } });
    masks.set(p, d.value);
    define(U, "createObjectURL", { configurable: d.configurable, enumerable: d.enumerable, writable: d.writable, value: p });
  }

  // Same-origin child realms: reach them the moment a script can, before it reads a prototype.
  function frames(g) {
    // A child realm whose own new-document hook ran has already taken its binding off its global;
    // one that still holds it was never hooked (a document the browser did not announce).
    const child = (w) => {
      try {
        if (!w || !w.Function || realms.has(w) || typeof w[BINDING] !== "function") return;
        try { delete w[BINDING]; } catch {}
        install(w);
      } catch {}
    };
    for (const C of [g.HTMLIFrameElement, g.HTMLFrameElement]) {
      const P = C && C.prototype;
      const cw = P && OP.getOwnPropertyDescriptor(P, "contentWindow");
      if (!cw || !cw.get) continue;
      const win = cw.get;
      for (const k of ["contentWindow", "contentDocument"]) {
        const d = OP.getOwnPropertyDescriptor(P, k);
        if (!d || !d.get) continue;
        const orig = d.get;
        const p = new Proxy(orig, { apply(t, self, args) { const r = R.apply(t, self, args); try { child(R.apply(win, self, [])); } catch {} return r; } });
        masks.set(p, orig);
        define(P, k, { configurable: d.configurable, enumerable: d.enumerable, get: p, set: d.set });
      }
    }
  }

  install(globalThis);
`;
