// The simulated clusters of SPEC section 8: every profile's cluster on its own port and a
// kubeconfig for all their contexts. `prg-doctor sim` runs this in the foreground; `--demo` and
// the tests run it in-process.
import {runPodCommand} from './exec/index.js';
import {launchSim, type SimHandle, type SimOptions} from './launch.js';
import {clusterProfiles} from './profiles/index.js';

export {defaultLatencyMs, type SimContext, type SimHandle, type SimOptions} from './launch.js';

export function startSim(options: SimOptions = {}): Promise<SimHandle> {
	return launchSim({profiles: clusterProfiles({largeNodes: options.largeNodes}), runCommand: runPodCommand}, options);
}
