import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseFieldSelector, parseLabelSelector} from '../../../source/sim/http/selectors.js';
import {ApiError} from '../../../source/sim/http/status.js';

const object = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({metadata: {name: 'n1', namespace: 'default', labels}, ...extra});

describe('label selectors', () => {
	const cases: [string, Record<string, string>, boolean][] = [
		['app=web', {app: 'web'}, true],
		['app==web', {app: 'web'}, true],
		['app!=web', {app: 'db'}, true],
		['app!=web', {}, true],
		['app', {app: ''}, true],
		['!app', {app: 'x'}, false],
		['tier in (front, back)', {tier: 'back'}, true],
		['tier notin (front,back)', {tier: 'back'}, false],
		['app.kubernetes.io/name=prg-probe,prg-doctor.io/run=r1', {'app.kubernetes.io/name': 'prg-probe', 'prg-doctor.io/run': 'r1'}, true],
		['app.kubernetes.io/name=prg-probe,prg-doctor.io/run=r1', {'app.kubernetes.io/name': 'prg-probe', 'prg-doctor.io/run': 'r2'}, false],
	];
	for (const [selector, labels, expected] of cases) {
		it(`${selector} on ${JSON.stringify(labels)} → ${expected}`, () => {
			assert.equal(parseLabelSelector(selector)!(object(labels) as never), expected);
		});
	}

	it('refuses unparsable selectors with 400', () => {
		for (const bad of ['a in (b', 'a=b=c', '-a=b']) {
			assert.throws(() => parseLabelSelector(bad), (error: ApiError) => error.code === 400 && error.body.reason === 'BadRequest' && /unable to parse requirement/.test(error.body.message ?? ''));
		}
	});
});

describe('field selectors', () => {
	it('matches the fields the registry supports', () => {
		const pod = object({}, {spec: {nodeName: 'node-a'}, status: {phase: 'Running'}});
		assert.equal(parseFieldSelector('metadata.name=n1', 'pods')!(pod as never), true);
		assert.equal(parseFieldSelector('spec.nodeName=node-a,status.phase!=Succeeded', 'pods')!(pod as never), true);
		assert.equal(parseFieldSelector('status.phase=Pending', 'pods')!(pod as never), false);
		const event = {metadata: {name: 'e'}, involvedObject: {kind: 'Pod', name: 'p'}, reason: 'Failed'};
		assert.equal(parseFieldSelector('involvedObject.name=p,reason=Failed', 'events')!(event as never), true);
	});

	it('refuses unknown field labels like the server', () => {
		assert.throws(() => parseFieldSelector('spec.nodeName=x', 'nodes'), (error: ApiError) => error.body.message === 'field label not supported: spec.nodeName');
	});
});
