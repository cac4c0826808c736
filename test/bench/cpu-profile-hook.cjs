// Preloaded with --require (through NODE_OPTIONS) into the runlog CLI and the engine process it
// starts: samples each process's main thread with the V8 profiler and writes a .cpuprofile into
// $RUNLOG_BENCH_PROFILE_DIR when the process exits. Used by the bench to explain a figure.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a preload runs as CommonJS
const inspector = require('node:inspector');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a preload runs as CommonJS
const { writeFileSync } = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a preload runs as CommonJS
const { basename, join } = require('node:path');

const dir = process.env.RUNLOG_BENCH_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      const name = basename(process.argv[1] ?? 'node').replace(/\W/g, '-');
      writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  const exit = process.exit.bind(process);
  process.exit = (code) => {
    write();
    return exit(code);
  };
}
