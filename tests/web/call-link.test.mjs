// What a deep link or a tel:/sip: link asks the page to call, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { destinationOf } from '../../web/js/call-link.js';

test('a tel: link gives its number, formatting and all, without parameters', () => {
  assert.equal(destinationOf('tel:+1-425-555-0102'), '+1-425-555-0102');
  assert.equal(destinationOf('tel:+1%20(425)%20555-0102'), '+1 (425) 555-0102');
  assert.equal(destinationOf('TEL:1002;phone-context=example.com'), '1002');
  assert.equal(destinationOf('callto://1002'), '1002');
});

test('a sip: link gives its user part, not the host', () => {
  assert.equal(destinationOf('sip:1002@pbx.example.com'), '1002');
  assert.equal(destinationOf('sips:bob@example.com;transport=tls'), 'bob');
  assert.equal(destinationOf('sip:%2B14255550102@pbx'), '+14255550102');
});

test('a deep link gives what it names, trimmed and bounded; nothing gives nothing', () => {
  assert.equal(destinationOf(' bob '), 'bob');
  assert.equal(destinationOf('1002'), '1002');
  assert.equal(destinationOf('9'.repeat(100)).length, 64);
  assert.equal(destinationOf(null), '');
  assert.equal(destinationOf('tel:'), '');
  assert.equal(destinationOf('%E0%A4%A'), '%E0%A4%A', 'a broken escape is kept as it came');
});
