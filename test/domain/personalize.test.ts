import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fixById} from '../../source/domain/fixes/index.js';
import {personalizeFix} from '../../source/domain/fixes/personalize.js';

test('pool and node names replace their placeholders in text, snippets and verify', () => {
	const fix = personalizeFix(fixById('openshift-selinux', 'openshift-rhcos'), {pool: 'worker', node: 'ip-10-0-17-20.us-east-2.compute.internal', context: 'prod'});
	const all = JSON.stringify(fix);
	assert.doesNotMatch(all, /<node>|<pool>/);
	assert.match(fix.steps[0]!.snippet!.content, /oc debug node\/ip-10-0-17-20\.us-east-2\.compute\.internal -- chroot \/host ausearch/);
	assert.match(fix.verify, /prg-doctor probe --context prod --pool worker/);
});

test('without a target nothing changes, and local commands are never rewritten', () => {
	const original = fixById('host-apparmor-sysctl', 'kind');
	assert.deepEqual(personalizeFix(original, {}), original);
	const filled = personalizeFix(original, {pool: 'default', node: 'kind-worker'});
	assert.deepEqual(filled.steps.map((step) => step.command), original.steps.map((step) => step.command));
});
