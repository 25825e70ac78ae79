/**
 * Many `roi` commands in one process of the compiled command (dist-cli/roi.js, required
 * as a module: its `main(argv, io)` is what the bin runs), for tests that send dozens of
 * files through the verbs and would otherwise pay Node's and the command's start-up for
 * each (test/helpers/roi-process.ts, `roiBatch`). One at a time, in order, each with its
 * own captured streams and standard input; for each: its exit status, its output, the CPU
 * time it took (this process's, measured around it) and the process's peak resident
 * memory when it ended (the peak so far, so never less than that run's own peak). Writes
 * made past the captured streams (straight to process.stdout or process.stderr, which the
 * bin's users would see) are recorded apart, so a test can require that there are none.
 *
 *   node --expose-gc roi-batch.cjs RUNS.json RESULTS.json   (all at once: roiBatch)
 *   forked with --serve: one command per IPC message (roiServer), for tests that run a
 *   command, look at what it did, then run the next
 */
const fs = require('node:fs');
const path = require('node:path');
const { Readable, Writable } = require('node:stream');

const ROOT = path.resolve(__dirname, '..', '..');

function sink() {
  const chunks = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

let main;
let stray = '';

/** Loads the compiled command once, and records writes that go past a verb's own streams. */
function setUp() {
  ({ main } = require(path.join(ROOT, 'dist-cli', 'roi.js')));
  for (const name of ['stdout', 'stderr']) {
    const original = process[name].write.bind(process[name]);
    process[name].write = (chunk, ...rest) => {
      stray += String(chunk);
      return original(chunk, ...rest);
    };
  }
}

/** One command: its exit status, its streams, what it wrote past them, its CPU time and the peak memory so far. */
async function runOne({ args, input }) {
  if (global.gc) global.gc();
  const out = sink();
  const err = sink();
  const strayBefore = stray.length;
  const before = process.cpuUsage();
  let code;
  try {
    code = await main(args, { stdin: Readable.from([input ?? '']), stdout: out.stream, stderr: err.stream });
  } catch (e) {
    code = `threw: ${e && e.stack ? e.stack : e}`;
  }
  const cpu = process.cpuUsage(before);
  return {
    code,
    stdout: out.text(),
    stderr: err.text(),
    stray: stray.slice(strayBefore),
    cpuS: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

async function runFile() {
  const [runsFile, resultsFile] = process.argv.slice(2);
  const runs = JSON.parse(fs.readFileSync(runsFile, 'utf8'));
  setUp();
  const results = [];
  for (const r of runs) results.push(await runOne(r));
  fs.writeFileSync(resultsFile, JSON.stringify(results));
}

/** --serve (forked with an IPC channel): one command per message, answered in order, until disconnected. */
function serve() {
  setUp();
  let queue = Promise.resolve();
  process.on('message', (m) => {
    queue = queue.then(async () => process.send({ id: m.id, result: await runOne(m) }));
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === '--serve') serve();
else
  runFile().then(
    () => (process.exitCode = 0),
    (e) => {
      process.stderr.write(`roi-batch: ${e && e.stack ? e.stack : e}\n`);
      process.exitCode = 1;
    },
  );
