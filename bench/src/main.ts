// `pnpm bench`: run every measurement, print the table, write bench/results/<date>.json and latest.md.
import { writeResults } from './results-writer.js'
import { runBench } from './run-bench.js'
import { loadBenchSettings } from './settings.js'
import { formatTable } from './table.js'

const settings = loadBenchSettings()
const report = await runBench(settings, (message) => process.stderr.write(`bench: ${message}\n`))
process.stdout.write(`\n${formatTable(report.measurements)}\n`)
if (settings.write) {
  const written = await writeResults(report, settings.outDir)
  process.stdout.write(`bench: wrote ${written.json} and ${written.markdown}\n`)
}
// Libraries (autocannon's timers, pools) may keep the loop alive: the report is out, so leave.
process.exit(0)
