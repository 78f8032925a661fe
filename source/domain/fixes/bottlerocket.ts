// bottlerocket-sysctl: Bottlerocket ships user.max_user_namespaces=0. Its settings API takes the
// value from TOML user data (launch template, eksctl, Karpenter) or from `apiclient` on a node.
import type {EnvironmentId, Fix} from '../types.js';
import {reprobePool, snippet, step} from './steps.js';

export const bottlerocketUserData = `[settings.kernel.sysctl]
'user.max_user_namespaces' = '15000'
`;

export function bottlerocketSysctl(environment: EnvironmentId | null): Fix {
	return {
		id: 'bottlerocket-sysctl',
		title: 'Raise user.max_user_namespaces on the Bottlerocket node group',
		gate: 'userns-limit',
		environment,
		why: 'Bottlerocket sets user.max_user_namespaces to 0, so the kernel refuses every user namespace and sandboxes fail with "No space left on device". Bottlerocket is configured through its settings API, not files: the value goes into the node group’s user data, and new nodes start with it.',
		steps: [
			step(
				'Add the setting to the launch template user data',
				'In the launch template of the node group that runs the Plan Runner Group, add these lines to the user data (TOML), create a new template version and update the node group to it; its nodes are replaced. Keep the quotes around the dotted key: without them TOML reads user.max_user_namespaces as nested tables (user → max_user_namespaces), and the settings API rejects the whole user data with "invalid type: map, expected a string".',
				snippet('toml', bottlerocketUserData),
			),
			step(
				'Or, with eksctl: set it in the ClusterConfig',
				'eksctl writes the same TOML from the bottlerocket.settings block; in YAML the dotted key is a plain string. eksctl does not change an existing node group’s settings: create a new node group from this file (`eksctl create nodegroup -f cluster.yaml`), move the workload, then delete the old group.',
				snippet(
					'yaml',
					`apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: <cluster>
  region: <region>
managedNodeGroups:
  - name: <pool>-userns
    amiFamily: Bottlerocket
    bottlerocket:
      settings:
        kernel:
          sysctl:
            "user.max_user_namespaces": "15000"
`,
				),
			),
			step(
				'Or, with Karpenter: set it in the EC2NodeClass userData',
				'Karpenter merges this TOML into the Bottlerocket user data it generates. Changing userData marks the class’s nodes as drifted, and Karpenter replaces them.',
				snippet(
					'yaml',
					`apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: <nodeclass>
spec:
  amiSelectorTerms:
    - alias: bottlerocket@latest
  role: <node IAM role>
  subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: <cluster>
  securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: <cluster>
  userData: |
    [settings.kernel.sysctl]
    'user.max_user_namespaces' = '15000'
`,
				),
			),
			step(
				'Meanwhile, on a running node: apiclient',
				'To unblock a node now, open a session to its control container (SSM) and set the value through the API; JSON keeps the dotted key whole. The node keeps it across reboots, but replacement nodes start again at 0 until the user data carries it.',
				snippet(
					'sh',
					`aws ssm start-session --target <instance-id>
apiclient set --json '{"kernel":{"sysctl":{"user.max_user_namespaces":"15000"}}}'
apiclient get settings.kernel.sysctl`,
				),
			),
		],
		verify: reprobePool,
	};
}
