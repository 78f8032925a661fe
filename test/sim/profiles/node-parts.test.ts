import assert from 'node:assert/strict';
import {test} from 'node:test';
import {conditions, defaultMaxUserNamespaces, IdStream, memoryKiOf, resources, stampDaysAgo, uuidFor} from '../../../source/sim/profiles/node-parts.js';

test("the kernel's default max_user_namespaces: about 63,000 on a 16 GiB node, as people report", () => {
	// 16 GiB less what firmware and the kernel keep: the kubelet's capacity of an m5.xlarge.
	assert.equal(defaultMaxUserNamespaces(15_896_988), 62_097);
	assert.equal(defaultMaxUserNamespaces(16 * 1024 * 1024), 65_536);
	assert.equal(memoryKiOf({status: {capacity: {memory: '7869108Ki'}}}), 7_869_108);
	assert.equal(memoryKiOf({status: {capacity: {memory: '8Gi'}}}), null);
	assert.equal(memoryKiOf({}), null);
});

test('allocatable is capacity less what the kubelet reserves, storage in bytes less 10%', () => {
	const {capacity, allocatable} = resources({cpu: 4, memoryKi: 16_000_000, pods: 58, diskKi: 1000, reservedCpuMillis: 80, reservedMemoryKi: 1_000_000});
	assert.deepEqual(capacity, {cpu: '4', 'ephemeral-storage': '1000Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16000000Ki', pods: '58'});
	assert.deepEqual(allocatable, {cpu: '3920m', 'ephemeral-storage': '921600', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '15000000Ki', pods: '58'});
	assert.equal(resources({cpu: 2, memoryKi: 10, pods: 110, diskKi: 10, reservedCpuMillis: 0, reservedMemoryKi: 0}).allocatable.cpu, '2');
});

test('ids are stable per seed, distinct across seeds, and shaped like the real ones', () => {
	assert.equal(new IdStream('node-a').hex(40), new IdStream('node-a').hex(40));
	assert.notEqual(new IdStream('node-a').hex(16), new IdStream('node-b').hex(16));
	assert.match(new IdStream('x').hex(17), /^[0-9a-f]{17}$/);
	const seen = new Set<string>();
	for (let index = 0; index < 2000; index++) {
		const uuid = uuidFor(`node-${index}`);
		assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		seen.add(uuid);
	}
	assert.equal(seen.size, 2000);
});

test('timestamps are RFC 3339 to the second, counted back from the start of the process', () => {
	const stamp = stampDaysAgo(2);
	assert.match(stamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	const age = Date.now() - Date.parse(stamp);
	assert.ok(age >= 2 * 86_400_000 - 1000 && age < 2 * 86_400_000 + 60_000, String(age));
	assert.equal(Date.parse(stampDaysAgo(2, 60)) - Date.parse(stamp), 60_000);
});

test("the kubelet's conditions, in its order and words; NotReady names the CNI", () => {
	const ready = conditions('2025-01-01T00:00:00Z');
	assert.deepEqual(ready.map((condition) => [condition.type, condition.status, condition.reason]), [
		['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
		['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
		['PIDPressure', 'False', 'KubeletHasSufficientPID'],
		['Ready', 'True', 'KubeletReady'],
	]);
	assert.ok(ready.every((condition) => condition.lastTransitionTime === '2025-01-01T00:00:00Z'));
	const notReady = conditions('2025-01-01T00:00:00Z', false).at(-1)!;
	assert.deepEqual([notReady.status, notReady.reason], ['False', 'KubeletNotReady']);
	assert.match(notReady.message!, /cni plugin not initialized/);
});
