// Times the hash_wasm_timing example's wasm (see hash_wasm_timing.rs) in Node: warm-up,
// then 7 runs; prints the median and the fastest, and the checksum word to compare builds.
// Usage: node src/jobs/examples/hash_wasm_timing.mjs [count=16] [iterations=100000] [wasm]
import { readFileSync } from 'node:fs';

const count = Number(process.argv[2] ?? 16);
const iterations = Number(process.argv[3] ?? 100_000);
const file = process.argv[4]
  ?? new URL('../../../target/wasm32-unknown-unknown/release/examples/hash_wasm_timing.wasm', import.meta.url);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const { derive } = instance.exports;

// V8 first runs wasm in its baseline tier and optimises it in the background.
derive(4, 20_000);
derive(4, 20_000);
const times = [];
let checksum;
for (let run = 0; run < 7; run++) {
  const start = performance.now();
  checksum = derive(count, iterations);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[3];
console.log(
  `${count} passwords x ${iterations} iterations: median ${median.toFixed(1)} ms ` +
  `(fastest ${times[0].toFixed(1)}), ${(median / count).toFixed(2)} ms per password, ` +
  `checksum ${(checksum >>> 0).toString(16).padStart(8, '0')}`,
);
