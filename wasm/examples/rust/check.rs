//! The healthlite example check in Rust without the standard library: GET the configured url,
//! pass on 2xx within budget_ms (default 500), warn on a slower 2xx, fail otherwise; report
//! latency_ms.
//!
//! Build: rustc --edition 2021 --target wasm32-unknown-unknown --crate-type cdylib -O \
//!          -C panic=abort -C strip=symbols -o check.wasm check.rs
#![no_std]

#[link(wasm_import_module = "healthlite")]
extern "C" {
    fn config(key: *const u8, key_len: i32, buf: *mut u8, buf_cap: i32) -> i32;
    fn http_get(url: *const u8, url_len: i32, body: *mut u8, body_cap: i32) -> i32;
    fn set_message(msg: *const u8, len: i32);
    fn set_metric(name: *const u8, name_len: i32, value: f64);
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn clock_time_get(clock_id: i32, precision: i64, time: *mut i64) -> i32;
}

const PASS: i32 = 0;
const WARN: i32 = 1;
const FAIL: i32 = 2;
const UNKNOWN: i32 = 3;
const URL_CAP: usize = 2048;

static mut URL: [u8; URL_CAP] = [0; URL_CAP];
static mut BUDGET: [u8; 16] = [0; 16];
static mut BODY: [u8; 256] = [0; 256];
static mut MSG: Message = Message { buf: [0; 4096], len: 0 };

/// Message builds the result message in place, without allocating.
struct Message {
    buf: [u8; 4096],
    len: usize,
}

impl Message {
    fn put(&mut self, s: &[u8]) -> &mut Self {
        for &b in s {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = b;
                self.len += 1;
            }
        }
        self
    }

    fn num(&mut self, v: i64) -> &mut Self {
        if v < 0 {
            self.put(b"-");
        }
        let u = v.unsigned_abs();
        let mut scale = 1;
        while u / scale >= 10 {
            scale *= 10;
        }
        while scale > 0 {
            self.put(&[b'0' + (u / scale % 10) as u8]);
            scale /= 10;
        }
        self
    }

    fn send(&self) {
        unsafe { set_message(self.buf.as_ptr(), self.len as i32) }
    }
}

fn now() -> i64 {
    let mut t = 0i64;
    unsafe { clock_time_get(1, 1000, &mut t) };
    t
}

fn unknown(msg: &[u8]) -> i32 {
    unsafe { set_message(msg.as_ptr(), msg.len() as i32) };
    UNKNOWN
}

fn config_value(key: &[u8], buf: &mut [u8]) -> i32 {
    unsafe { config(key.as_ptr(), key.len() as i32, buf.as_mut_ptr(), buf.len() as i32) }
}

/// check runs the example check once; the host calls it for every run.
#[no_mangle]
pub extern "C" fn check() -> i32 {
    // SAFETY: a module instance runs one check at a time.
    let (url, budget_text, body, msg) =
        unsafe { (&mut URL, &mut BUDGET, &mut BODY, &mut MSG) };

    let url_len = config_value(b"url", url);
    if url_len <= 0 {
        return unknown(b"config url is not set");
    }
    if url_len as usize > URL_CAP {
        return unknown(b"config url is longer than 2048 bytes");
    }
    let url = url.get(..url_len as usize).unwrap_or_default();

    let mut budget: i64 = 500;
    let n = config_value(b"budget_ms", budget_text);
    if n >= 0 {
        const BAD: &[u8] = b"config budget_ms is not a whole number of milliseconds";
        if n == 0 || n > 9 {
            return unknown(BAD);
        }
        budget = 0;
        for &c in budget_text.iter().take(n as usize) {
            if !c.is_ascii_digit() {
                return unknown(BAD);
            }
            budget = budget * 10 + (c - b'0') as i64;
        }
    }

    let t0 = now();
    let st = unsafe { http_get(url.as_ptr(), url.len() as i32, body.as_mut_ptr(), body.len() as i32) };
    let ns = now() - t0;
    unsafe { set_metric(b"latency_ms".as_ptr(), 10, ns as f64 / 1e6) };

    msg.len = 0;
    msg.put(b"GET ").put(url).put(b": ");
    if st < 0 {
        msg.put(b"error ").num(st as i64).send();
        return FAIL;
    }
    msg.num(st as i64).put(b" in ").num(ns / 1_000_000).put(b" ms");
    let mut status = FAIL;
    if (200..300).contains(&st) {
        status = PASS;
        if ns > budget * 1_000_000 {
            status = WARN;
            msg.put(b", over budget ").num(budget).put(b" ms");
        }
    }
    msg.send();
    status
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
