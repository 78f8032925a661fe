// Preloaded (NODE_OPTIONS=--require) into a binary the test cannot watch directly (it runs in a
// tmux pane that the test closes): appends any uncaught exception and the exit code to
// $PRG_DOCTOR_EXIT_TRACE. Monitors only (no signal listeners, which would change what a signal does).
const {appendFileSync} = require('node:fs');

const file = process.env.PRG_DOCTOR_EXIT_TRACE;
function record(line) {
	try {
		appendFileSync(file, `${line}\n`);
	} catch {
		// nowhere to record it: the test then sees no exit line and fails on that
	}
}

if (file) {
	process.on('uncaughtExceptionMonitor', (error, origin) => record(`uncaught ${origin}: ${String(error && error.stack).split('\n').slice(0, 4).join(' | ')}`));
	process.on('exit', (code) => record(`exit ${code}`));
}
