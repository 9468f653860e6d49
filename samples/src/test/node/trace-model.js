// Reads a Chrome JSON trace with @tracerbench/trace-model (an independent Trace Event parser from the
// npm registry) and prints what it understood: processes, threads, their slices and counter samples.
// A process's counter samples are the process's; a thread the parser made up to hold them alone is no track.
'use strict';
const fs = require('fs');
const { buildModel } = require('@tracerbench/trace-model');

const model = buildModel(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
const out = model.processes.map(p => ({
  pid: p.id,
  name: p.name,
  counters: p.events.filter(e => e.ph === 'C').map(e => ({ name: e.name, ts: e.start, args: e.args })),
  threads: p.threads.filter(t => t.events.some(e => e.ph !== 'C')).map(t => ({
    tid: t.id,
    name: t.name,
    slices: t.events.filter(e => e.ph === 'X').map(e => ({
      name: e.name, start: e.start, duration: e.duration, num: e.getNumberArg('num')
    }))
  }))
}));
process.stdout.write(JSON.stringify(out));
