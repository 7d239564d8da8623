//! The browser's own code, bound from JavaScript. The same module runs in the page and in
//! every page-instance worker (they import the same glue), so both can call it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// The same naive recursion as src/jobs/src/fib.rs, in plain JavaScript numbers (exact up
// to fib(78), far beyond the page's limit of 50).
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

export function js_fib(n) {
  return fib(n);
}

// A typed array's sort is numeric and in place: the engine's own C++ sort.
export function js_sort(numbers) {
  numbers.sort();
}

// Why WebCrypto cannot run here, or undefined.
export function webcrypto_missing() {
  if (globalThis.crypto?.subtle) return undefined;
  return globalThis.isSecureContext
    ? 'this browser has no crypto.subtle'
    : 'WebCrypto needs a secure context (https, or localhost)';
}

// PBKDF2-HMAC-SHA256, 32-byte keys, one per password, concatenated in password order.
// `together`: every derivation started at once and awaited with Promise.all; otherwise
// each awaited before the next starts.
export async function webcrypto_keys(passwords, salt, iterations, together) {
  const encoder = new TextEncoder();
  const derive = async (password) => {
    const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
    return new Uint8Array(bits);
  };
  let keys;
  if (together) {
    keys = await Promise.all(passwords.map(derive));
  } else {
    keys = [];
    for (const password of passwords) keys.push(await derive(password));
  }
  const all = new Uint8Array(keys.length * 32);
  keys.forEach((key, i) => all.set(key, i * 32));
  return all;
}
"#)]
extern "C" {
    pub fn js_fib(n: u32) -> f64;
    pub fn js_sort(numbers: &js_sys::Uint32Array);
    pub fn webcrypto_missing() -> Option<String>;
    pub fn webcrypto_keys(
        passwords: js_sys::Array,
        salt: &js_sys::Uint8Array,
        iterations: u32,
        together: bool,
    ) -> js_sys::Promise;
}
