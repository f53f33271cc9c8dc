// A tiny stand-in for the wasmbox host, for a quick look at a built plugin without the JVM.
// It implements guest ABI v1 (docs/abi.md) and inert WASI preview 1 on Node.js (>= 18).
// It is NOT the sandbox: no fuel, no policy audit, no real limits. Use the Java host to test
// a plugin against its policy.
//
//   node tools/host-sim.mjs dist/echo.wasm echo 'hello'
//   node tools/host-sim.mjs dist/discount-rules.wasm quote @order.json --config currency=EUR
//   node tools/host-sim.mjs dist/tax.wasm _start @order.json          (command mode: stdin)
//   node tools/host-sim.mjs dist/echo.wasm --manifest
//
// Options: --config k=v, --kv ns/key=value, --read-only ns, --http URL=STATUS:BODY,
//          --clock MILLIS, --max-output BYTES, --env K=V (WASI environment).
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';

export const CODES = { DENIED: -1, NOT_FOUND: -2, INVALID_ARGUMENT: -3, FAILED: -4, TOO_LARGE: -5 };

export class Trap extends Error {}
class Exit extends Error { constructor(code) { super(`exit ${code}`); this.code = code; } }

export function manifestOf(bytes) {
  const mod = new WebAssembly.Module(bytes);
  const secs = WebAssembly.Module.customSections(mod, 'wasmbox.manifest');
  return secs.length ? JSON.parse(new TextDecoder().decode(secs[0])) : null;
}

export async function load(bytes, opts = {}) {
  const o = {
    config: {}, kv: {}, readOnly: [], http: {}, clock: 0, maxOutput: 1 << 20, env: {},
    maxLogs: 1000, maxHostResult: 1 << 20, ...opts,
  };
  const st = { input: new Uint8Array(0), output: new Uint8Array(0), error: null, result: null,
    logs: [], stdout: [], stderr: [], calls: {} };
  let memory;
  const enc = new TextEncoder(), dec = new TextDecoder('utf-8', { fatal: true });
  const mem = () => new Uint8Array(memory.buffer);
  const check = (ptr, len) => {
    ptr >>>= 0; len >>>= 0;
    if (ptr + len > memory.buffer.byteLength) throw new Trap(`out-of-bounds pointer ${ptr}+${len}`);
    return [ptr, len];
  };
  const bytesAt = (p, l) => { const [ptr, len] = check(p, l); return mem().slice(ptr, ptr + len); };
  const text = (p, l) => dec.decode(bytesAt(p, l));
  const count = (n) => { st.calls[n] = (st.calls[n] || 0) + 1; };
  const finish = (f) => {
    try { const v = f(); st.result = v; return v.length; }
    catch (e) { if (e instanceof Trap) throw e;
      if (typeof e.code !== 'number') { st.result = enc.encode(String(e.message)); return CODES.INVALID_ARGUMENT; }
      st.result = enc.encode(e.message); return e.code; }
  };
  const err = (code, message) => Object.assign(new Error(message), { code });
  const nsKey = (a, b, c, d) => [text(a, b), text(c, d)];

  const wasmbox = {
    input_length: () => st.input.length,
    input_read: (dst) => { const [p] = check(dst, st.input.length); mem().set(st.input, p); },
    output_write: (src, len) => { if ((len >>> 0) > o.maxOutput) throw new Trap(`output of ${len >>> 0} bytes exceeds max-output`); st.output = bytesAt(src, len); },
    error_write: (src, len) => { if ((len >>> 0) > o.maxOutput) throw new Trap(`error message exceeds max-output`); st.error = new TextDecoder().decode(bytesAt(src, len)); },
    result_length: () => (st.result ? st.result.length : 0),
    result_read: (dst) => { const r = st.result || new Uint8Array(0); const [p] = check(dst, r.length); mem().set(r, p); st.result = null; },
  };
  const caps = {
    'wasmbox:log': { write: (level, p, l) => { count('log/write');
      if (st.logs.length >= o.maxLogs) { st.result = enc.encode('log count cap reached'); return CODES.TOO_LARGE; }
      st.logs.push([level, new TextDecoder().decode(bytesAt(p, l)).slice(0, 4096)]); return 0; } },
    'wasmbox:clock': { now_millis: () => BigInt(o.clock), monotonic_nanos: () => process.hrtime.bigint() },
    'wasmbox:random': { fill: (p, l) => { if ((l >>> 0) > o.maxHostResult) { st.result = enc.encode('too many random bytes'); return CODES.TOO_LARGE; }
      const [ptr, len] = check(p, l); webcrypto.getRandomValues(mem().subarray(ptr, ptr + len)); return 0; } },
    'wasmbox:config': { get: (p, l) => finish(() => { const k = text(p, l);
      if (!(k in o.config)) throw err(CODES.NOT_FOUND, `config key '${k}' is not exposed to this plugin`); return enc.encode(o.config[k]); }) },
    'wasmbox:kv': {
      get: (a, b, c, d) => finish(() => { const [ns, k] = nsKey(a, b, c, d); const v = (o.kv[ns] || {})[k];
        if (v === undefined) throw err(CODES.NOT_FOUND, `no key '${k}' in '${ns}'`); return enc.encode(v); }),
      put: (a, b, c, d, e, f) => { const [ns, k] = nsKey(a, b, c, d); const v = new TextDecoder().decode(bytesAt(e, f));
        if (o.readOnly.includes(ns)) { st.result = enc.encode(`kv namespace '${ns}' is read-only`); return CODES.DENIED; }
        (o.kv[ns] ||= {})[k] = v; return 0; },
      delete: (a, b, c, d) => { const [ns, k] = nsKey(a, b, c, d); if (o.kv[ns]) delete o.kv[ns][k]; return 0; },
      list: (a, b, c, d) => finish(() => { const [ns, pre] = nsKey(a, b, c, d);
        return enc.encode(JSON.stringify(Object.keys(o.kv[ns] || {}).filter((k) => k.startsWith(pre)).sort())); }),
    },
    'wasmbox:http': { request: (p, l) => finish(() => { const req = JSON.parse(text(p, l));
      const h = o.http[req.url]; if (!h) throw err(CODES.DENIED, `HTTP target '${req.url}' is not granted`);
      return enc.encode(JSON.stringify(typeof h === 'function' ? h(req) : h)); }) },
  };
  // Inert WASI preview 1: empty args, the given env, stdin = the call input, captured stdout/stderr.
  let stdinPos = 0;
  const envList = Object.entries(o.env).map(([k, v]) => enc.encode(`${k}=${v}\0`));
  const dv = () => new DataView(memory.buffer);
  const wasi = new Proxy({
    args_sizes_get: (a, b) => { dv().setUint32(a, 0, true); dv().setUint32(b, 0, true); return 0; },
    args_get: () => 0,
    environ_sizes_get: (a, b) => { dv().setUint32(a, envList.length, true); dv().setUint32(b, envList.reduce((s, e) => s + e.length, 0), true); return 0; },
    environ_get: (ptrs, buf) => { for (const e of envList) { dv().setUint32(ptrs, buf, true); mem().set(e, buf); ptrs += 4; buf += e.length; } return 0; },
    fd_write: (fd, iovs, n, nw) => { let total = 0; for (let i = 0; i < n; i++) {
        const p = dv().getUint32(iovs + 8 * i, true), l = dv().getUint32(iovs + 8 * i + 4, true);
        const b = bytesAt(p, l); (fd === 1 ? st.stdout : st.stderr).push(b); total += l; }
      dv().setUint32(nw, total, true); return fd === 1 || fd === 2 ? 0 : 8; },
    fd_read: (fd, iovs, n, nr) => { if (fd !== 0) return 8; let total = 0; for (let i = 0; i < n; i++) {
        const p = dv().getUint32(iovs + 8 * i, true), l = dv().getUint32(iovs + 8 * i + 4, true);
        const chunk = st.input.subarray(stdinPos, stdinPos + l); mem().set(chunk, p); stdinPos += chunk.length; total += chunk.length;
        if (chunk.length < l) break; }
      dv().setUint32(nr, total, true); return 0; },
    fd_fdstat_get: (fd, p) => { if (fd > 2) return 8; mem().fill(0, p, p + 24); dv().setUint8(p, 2); return 0; },
    fd_close: () => 0, fd_seek: () => 70, fd_prestat_get: () => 8, fd_prestat_dir_name: () => 8,
    path_open: () => 44, fd_filestat_get: () => 8, path_filestat_get: () => 44, fd_readdir: () => 8,
    path_readlink: () => 44, path_symlink: () => 63,
    clock_time_get: (id, prec, p) => { dv().setBigUint64(p, BigInt(o.clock) * 1000000n, true); return 0; },
    random_get: (p, l) => { const [ptr, len] = check(p, l); webcrypto.getRandomValues(mem().subarray(ptr, ptr + Math.min(len, 65536))); return 0; },
    sched_yield: () => 0, poll_oneoff: () => 52,
    proc_exit: (code) => { throw new Exit(code); },
  }, { get: (t, k) => t[k] || (() => 52 /* ENOSYS */) });

  const module = new WebAssembly.Module(bytes);
  const imports = { wasmbox, wasi_snapshot_preview1: wasi, ...caps };
  const instance = new WebAssembly.Instance(module, imports);
  memory = instance.exports.memory;
  if (instance.exports._initialize) instance.exports._initialize();

  function call(name, input = new Uint8Array(0)) {
    st.input = typeof input === 'string' ? enc.encode(input) : input;
    st.output = new Uint8Array(0); st.error = null; st.result = null; st.stdout = []; st.stderr = []; stdinPos = 0;
    const fn = instance.exports[name === '_start' || !instance.exports[name] && instance.exports._start ? '_start' : name];
    if (typeof fn !== 'function') throw new Error(`no export ${name}`);
    let code, trap = null;
    try { code = fn(); if (name === '_start' || code === undefined) code = 0; }
    catch (e) { if (e instanceof Exit) code = e.code; else { trap = e; code = null; } }
    const cat = (chunks) => Buffer.concat(chunks.map((c) => Buffer.from(c)));
    const command = !!instance.exports._start && !instance.exports[name];
    return { code, trap: trap && String(trap.message || trap),
      output: command || name === '_start' ? cat(st.stdout) : Buffer.from(st.output),
      error: st.error, stderr: cat(st.stderr).toString(), logs: st.logs.splice(0) };
  }
  return { call, instance, state: st, opts: o, memoryBytes: () => memory.buffer.byteLength };
}

// CLI
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const file = args.shift();
  const bytes = readFileSync(file);
  if (args[0] === '--manifest') { console.log(JSON.stringify(manifestOf(bytes), null, 2)); process.exit(0); }
  const name = args.shift();
  let input = '';
  const opts = { config: {}, kv: {}, readOnly: [], http: {}, env: {} };
  while (args.length) {
    const a = args.shift();
    if (a === '--config') { const [k, ...v] = args.shift().split('='); opts.config[k] = v.join('='); }
    else if (a === '--kv') { const [nk, ...v] = args.shift().split('='); const [ns, ...k] = nk.split('/'); (opts.kv[ns] ||= {})[k.join('/')] = v.join('='); }
    else if (a === '--read-only') opts.readOnly.push(args.shift());
    else if (a === '--http') { const [url, rest] = args.shift().split(/=(.*)/s); const [status, ...body] = rest.split(':'); opts.http[url] = { status: +status, headers: {}, body: body.join(':') }; }
    else if (a === '--clock') opts.clock = +args.shift();
    else if (a === '--max-output') opts.maxOutput = +args.shift();
    else if (a === '--env') { const [k, ...v] = args.shift().split('='); opts.env[k] = v.join('='); }
    else input = a.startsWith('@') ? readFileSync(a.slice(1)) : a;
  }
  const host = await load(bytes, opts);
  const r = host.call(name, input);
  for (const [lvl, msg] of r.logs) console.error(`[log ${lvl}] ${msg}`);
  if (r.stderr) console.error(`[stderr] ${r.stderr}`);
  if (r.trap) { console.error(`TRAP: ${r.trap}${r.error ? ` (message: ${r.error})` : ''}`); process.exit(3); }
  if (r.code !== 0) { console.error(`FAILED code ${r.code}: ${r.error ?? r.stderr}`); process.exit(1); }
  process.stdout.write(r.output); if (r.output.length) process.stdout.write('\n');
}
