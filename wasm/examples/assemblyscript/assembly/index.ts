// The healthlite example check in AssemblyScript: GET the configured url, pass on 2xx within
// budget_ms (default 500), warn on a slower 2xx, fail otherwise; report latency_ms.
// Everything lives in static buffers, so with the stub runtime a run allocates nothing.

@external("healthlite", "config")
declare function config(key: usize, keyLen: i32, buf: usize, bufCap: i32): i32;
@external("healthlite", "http_get")
declare function http_get(url: usize, urlLen: i32, body: usize, bodyCap: i32): i32;
@external("healthlite", "set_message")
declare function set_message(msg: usize, len: i32): void;
@external("healthlite", "set_metric")
declare function set_metric(name: usize, nameLen: i32, value: f64): void;
@external("wasi_snapshot_preview1", "clock_time_get")
declare function clock_time_get(clockId: i32, precision: i64, time: usize): i32;

const PASS = 0;
const WARN = 1;
const FAIL = 2;
const UNKNOWN = 3;
const URL_CAP = 2048;
const MSG_CAP = 4096;

const url = memory.data(URL_CAP);
const budgetText = memory.data(16);
const body = memory.data(256);
const key = memory.data(16);
const clock = memory.data(8, 8);
const msg = memory.data(MSG_CAP);
let msgLen = 0;

// ascii writes the ASCII string s as bytes at dst and returns its length.
function ascii(s: string, dst: usize): i32 {
  for (let i = 0; i < s.length; i++) store<u8>(dst + i, <u8>s.charCodeAt(i));
  return s.length;
}

function put(s: string): void {
  if (msgLen + s.length <= MSG_CAP) msgLen += ascii(s, msg + msgLen);
}

function putBytes(src: usize, n: i32): void {
  for (let i = 0; i < n && msgLen < MSG_CAP; i++) store<u8>(msg + msgLen++, load<u8>(src + i));
}

function putNum(v: i64): void {
  if (v < 0) put("-");
  let u = <u64>(v < 0 ? -v : v);
  let scale: u64 = 1;
  while (u / scale >= 10) scale *= 10;
  for (; scale > 0; scale /= 10) {
    if (msgLen < MSG_CAP) store<u8>(msg + msgLen++, <u8>(48 + (u / scale) % 10));
  }
}

function configValue(name: string, buf: usize, cap: i32): i32 {
  return config(key, ascii(name, key), buf, cap);
}

function now(): i64 {
  clock_time_get(1, 1000, clock);
  return load<i64>(clock);
}

function unknown(text: string): i32 {
  msgLen = 0;
  put(text);
  set_message(msg, msgLen);
  return UNKNOWN;
}

// check runs the example check once; the host calls it for every run.
export function check(): i32 {
  const urlLen = configValue("url", url, URL_CAP);
  if (urlLen <= 0) return unknown("config url is not set");
  if (urlLen > URL_CAP) return unknown("config url is longer than 2048 bytes");

  let budget: i64 = 500;
  const n = configValue("budget_ms", budgetText, 16);
  if (n >= 0) {
    const bad = "config budget_ms is not a whole number of milliseconds";
    if (n == 0 || n > 9) return unknown(bad);
    budget = 0;
    for (let i = 0; i < n; i++) {
      const d = <u32>load<u8>(budgetText + i) - 48;
      if (d > 9) return unknown(bad);
      budget = budget * 10 + d;
    }
  }

  const t0 = now();
  const st = http_get(url, urlLen, body, 256);
  const ns = now() - t0;
  set_metric(key, ascii("latency_ms", key), <f64>ns / 1e6);

  msgLen = 0;
  put("GET ");
  putBytes(url, urlLen);
  put(": ");
  if (st < 0) {
    put("error ");
    putNum(st);
    set_message(msg, msgLen);
    return FAIL;
  }
  putNum(st);
  put(" in ");
  putNum(ns / 1000000);
  put(" ms");
  let status = FAIL;
  if (st >= 200 && st < 300) {
    status = PASS;
    if (ns > budget * 1000000) {
      status = WARN;
      put(", over budget ");
      putNum(budget);
      put(" ms");
    }
  }
  set_message(msg, msgLen);
  return status;
}
