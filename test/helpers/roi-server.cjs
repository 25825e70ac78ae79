/**
 * Many `roi` commands in one process of the compiled command (dist-cli/roi.js, required
 * as a module: its `main(argv, io)` is what the bin runs), for tests that send dozens of
 * files through the verbs and would otherwise pay Node's and the command's start-up for
 * each (test/helpers/roi-process.ts, `roiServer`, forks it with an IPC channel). One
 * command per message, in order, each with its own captured streams and standard input;
 * for each: its exit status, its output, the CPU time it took (this process's, measured
 * around it) and the process's peak resident memory when it ended (the peak so far, so
 * never less than that command's own peak). Writes made past the captured streams
 * (straight to process.stdout or process.stderr, which the bin's users would see) are
 * recorded apart, so a test can require that there are none.
 */
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

/** Forked with an IPC channel: one command per message, answered in order, until disconnected. */
function serve() {
  setUp();
  let queue = Promise.resolve();
  process.on('message', (m) => {
    queue = queue.then(async () => process.send({ id: m.id, result: await runOne(m) }));
  });
  process.on('disconnect', () => process.exit(0));
}

serve();
