// `npx tsx bench/worker-memory.ts`: what each bcrypt worker thread costs in resident memory. For
// 1, 2 and 4 threads, a fresh node process (the options of `npm start`) starts the pool, keeps
// every thread busy with hashes for 3 s, and reports its RSS and its peak (VmHWM) against the same
// process before the pool started. Answers the README's "what each worker thread costs".
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { spreadOf } from './stats'
import { startOptions } from './targets'

const child = process.argv[2] === '--child'
const memory = () => {
  const status = readFileSync('/proc/self/status', 'utf8')
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024
  return { rss: field('VmRSS'), hwm: field('VmHWM') }
}

if (child) {
  const { createBcryptPool } = await import('../server/auth/bcrypt-pool')
  const size = Number(process.argv[3])
  // Warm the main thread the same way in every case (bcryptjs loaded, a few MB of garbage gone).
  await import('bcryptjs')
  globalThis.gc?.()
  await new Promise(resolve => setTimeout(resolve, 200))
  const before = memory()
  const pool = createBcryptPool({ size })
  const deadline = Date.now() + 3000
  const busy = async () => {
    while (Date.now() < deadline) await pool.hash('correct horse battery staple', 10)
  }
  await Promise.all(Array.from({ length: size }, busy))
  const after = memory()
  console.log(JSON.stringify({ size, workers: pool.stats().workers, before, after }))
  await pool.destroy()
}
else {
  const script = fileURLToPath(import.meta.url)
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url))
  const runs: Record<number, { rss: number[], hwm: number[] }> = {}
  for (let round = 0; round < 3; round++) {
    for (const size of [1, 2, 4]) {
      const out = execFileSync(process.execPath, [...startOptions(), '--expose-gc', tsx, script, '--child', String(size)], { encoding: 'utf8' })
      const { before, after } = JSON.parse(out.trim().split('\n').pop()!) as { before: { rss: number }, after: { rss: number, hwm: number } }
      runs[size] ??= { rss: [], hwm: [] }
      runs[size].rss.push(after.rss - before.rss)
      runs[size].hwm.push(after.hwm - before.rss)
    }
  }
  console.log('| threads | RSS added (median of 3) | peak RSS added |\n| --- | --- | --- |')
  for (const [size, { rss, hwm }] of Object.entries(runs)) {
    console.log(`| ${size} | ${spreadOf(rss).median.toFixed(1)} MB | ${spreadOf(hwm).median.toFixed(1)} MB |`)
  }
}
