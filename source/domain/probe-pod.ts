// The probe pod: a pure builder (SPEC section 4). It mirrors the Plan Runner Group pod template so
// a node that passes here passes for the runner, and adds only what a fleet-wide run needs
// (pinning, tolerations, labels to find and sweep the pods, a deadline).
import yaml from 'js-yaml';
import type {KPod} from './k8s.js';

export const probeLabels = {
	name: 'app.kubernetes.io/name',
	managedBy: 'app.kubernetes.io/managed-by',
	run: 'prg-doctor.io/run',
} as const;

export const probeLabelValues = {name: 'prg-probe', managedBy: 'prg-doctor'} as const;

export const probeNodeAnnotation = 'prg-doctor.io/node';

/** The PRG pod template's identity: non-root 3377, no privilege escalation. */
export const probeUid = 3377;

export const defaultProbeImage = 'alpine:3.19';

/**
 * The evidence script, for busybox `sh` on a read-only root: everything is captured with $(…),
 * nothing is written. Every value is squeezed onto one line (the /proc attr files end in NUL,
 * error output can span lines) so each `key=value` line parses alone. The verdict is `OK` only
 * when `unshare -Ur` (create and map root) works: a bare `unshare -U` passes on hosts whose
 * AppArmor policy still stops the mapping. `lsm_inside` is read inside `unshare -Ur`; when only
 * `unshare -U` works it is read there instead, which is where a profile transition (AppArmor's
 * `unprivileged_userns`) shows.
 */
export const probeScript = `# prg-doctor probe: the user-namespace steps a Plan Runner Group sandbox takes at start.
one() { tr -d '\\000\\r' | tr '\\n' ' ' | sed 's/[[:space:]]*$//'; }
val() {
  for f in "$@"; do
    r=$(cat "$f" 2>/dev/null | one)
    if [ -n "$r" ]; then printf '%s\\n' "$r"; return; fi
  done
  echo -
}
field() {
  r=$(sed -n "s/^$1:[[:space:]]*//p" /proc/self/status 2>/dev/null | one)
  if [ -n "$r" ]; then printf '%s\\n' "$r"; else echo -; fi
}
try() {
  if out=$("$@" 2>&1); then echo ok; return; fi
  rc=$?
  out=$(printf '%s' "$out" | one)
  if [ -n "$out" ]; then printf '%s\\n' "$out"; else echo "exit status $rc"; fi
}
attr='cat /proc/self/attr/current 2>/dev/null || cat /proc/self/attr/apparmor/current 2>/dev/null'
create=$(try unshare -U true)
map=$(try unshare -Ur true)
inside=-
if [ "$map" = ok ]; then
  inside=$(unshare -Ur sh -c "$attr" 2>/dev/null | one)
elif [ "$create" = ok ]; then
  inside=$(unshare -U sh -c "$attr" 2>/dev/null | one)
fi
[ -n "$inside" ] || inside=-
if [ -e /proc/self/ns/user ]; then userns=yes; else userns=no; fi
echo prg-probe=1
echo "kernel=$(uname -r)"
echo "userns_file=$userns"
echo "max_user_namespaces=$(val /proc/sys/user/max_user_namespaces)"
echo "apparmor_restrict_unprivileged_userns=$(val /proc/sys/kernel/apparmor_restrict_unprivileged_userns)"
echo "unprivileged_userns_clone=$(val /proc/sys/kernel/unprivileged_userns_clone)"
echo "seccomp=$(field Seccomp)"
echo "seccomp_filters=$(field Seccomp_filters)"
echo "lsm=$(val /proc/self/attr/current /proc/self/attr/apparmor/current)"
echo "unshare=$create"
echo "unshare_map=$map"
echo "lsm_inside=$inside"
if [ "$map" = ok ]; then echo OK; else echo FAILED; fi
`;

const runIdAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Ten characters of [a-z0-9], starting with a letter: a valid label value and DNS label. */
export function newRunId(): string {
	const bytes = new Uint8Array(10);
	globalThis.crypto.getRandomValues(bytes);
	let id = runIdAlphabet[bytes[0]! % 26]!;
	for (const byte of bytes.subarray(1)) id += runIdAlphabet[byte % runIdAlphabet.length];
	return id;
}

export type ProbePodOptions = {
	readonly namespace: string;
	/** Pin to this node; null leaves scheduling to the cluster (the `manifest` default). */
	readonly node: string | null;
	readonly image: string;
	readonly runId: string;
	readonly imagePullSecret: string | null;
	readonly deadlineSeconds: number;
};

export function buildProbePod(options: ProbePodOptions): KPod {
	const annotations: Record<string, string> = {};
	if (options.node !== null) annotations[probeNodeAnnotation] = options.node;
	const spec: NonNullable<KPod['spec']> = {
		restartPolicy: 'Never',
		activeDeadlineSeconds: Math.max(1, Math.ceil(options.deadlineSeconds)),
		automountServiceAccountToken: false,
		enableServiceLinks: false,
		terminationGracePeriodSeconds: 0,
		securityContext: {runAsNonRoot: true, runAsUser: probeUid, runAsGroup: probeUid},
		// Dedicated and tainted pools are exactly the ones people forget; the probe must reach them.
		tolerations: [{operator: 'Exists'}],
		containers: [
			{
				name: 'probe',
				image: options.image,
				command: ['sh', '-c'],
				args: [probeScript],
				securityContext: {
					allowPrivilegeEscalation: false,
					readOnlyRootFilesystem: true,
					seccompProfile: {type: 'Unconfined'},
				},
				resources: {
					requests: {cpu: '10m', memory: '16Mi'},
					limits: {cpu: '100m', memory: '32Mi'},
				},
			},
		],
	};
	if (options.node !== null) spec.nodeName = options.node;
	if (options.imagePullSecret !== null) spec.imagePullSecrets = [{name: options.imagePullSecret}];
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			generateName: 'prg-probe-',
			namespace: options.namespace,
			labels: {
				[probeLabels.name]: probeLabelValues.name,
				[probeLabels.managedBy]: probeLabelValues.managedBy,
				[probeLabels.run]: options.runId,
			},
			...(Object.keys(annotations).length > 0 ? {annotations} : {}),
		},
		spec,
	};
}

/**
 * The name `manifest` gives the pod: `kubectl apply` refuses generateName, and the documented
 * procedure (`kubectl wait … pod/prg-probe`, `kubectl logs prg-probe`) expects a fixed name.
 */
export function manifestPodName(pod: KPod): string {
	if (pod.metadata?.name) return pod.metadata.name;
	const node = pod.spec?.nodeName;
	if (!node) return 'prg-probe';
	// A pod name is a DNS subdomain (253 chars); node names are too, so only the length can break.
	return `prg-probe-${node}`.slice(0, 253).replace(/[^a-z0-9]+$/, '');
}

/** YAML for `prg-doctor manifest`: named (not generateName), ready for `kubectl apply -f`. */
export function renderManifest(pod: KPod): string {
	const name = manifestPodName(pod);
	const {generateName: _unused, ...metadata} = pod.metadata ?? {};
	const named: KPod = {...pod, metadata: {name, ...metadata}};
	const namespace = metadata.namespace ? ` -n ${metadata.namespace}` : '';
	const where = pod.spec?.nodeName ? `node ${pod.spec.nodeName}` : 'whichever node the scheduler picks';
	const header = [
		'# prg-doctor probe pod. It checks that a non-root process can create a user namespace',
		'# and map its IDs, the way a Plan Runner Group sandbox starts, on:',
		`#   ${where}`,
		'# Run it, read the verdict (last line OK or FAILED), then delete it:',
		`#   kubectl apply${namespace} -f prg-probe.yaml`,
		`#   kubectl wait${namespace} --for=jsonpath='{.status.phase}'=Succeeded pod/${name} --timeout=60s`,
		`#   kubectl logs${namespace} ${name}`,
		`#   kubectl delete pod${namespace} ${name}`,
		'# Paste the log into `prg-doctor explain -` to name the gate and its fix.',
	].join('\n');
	const body = yaml.dump(named, {lineWidth: -1, noRefs: true, quotingType: "'"});
	return `${header}\n${body}`;
}
