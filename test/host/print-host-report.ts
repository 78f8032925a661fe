// Runs checkHost in this process and prints the parts the tests assert on, as JSON. The userns-limit
// tests exec it inside a user namespace whose max_user_namespaces is 0.
import {checkHost, hostExitCode} from '../../source/workflows/check-host.js';

const report = await checkHost({signal: AbortSignal.timeout(60_000), contexts: null});
process.stdout.write(
	`${JSON.stringify({
		gate: report.gate,
		fix: report.fix,
		unshare: report.unshare,
		testedAs: report.testedAs,
		uid: report.user.uid,
		checks: report.checks,
		evidence: report.evidence,
		exitCode: hostExitCode(report),
	})}\n`,
);
