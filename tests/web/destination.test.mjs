// What a deep link, a tel:/sip: link or a portal's link click asks to call, and what counts as a
// typed number, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { destinationOf, looksLikeNumber } from '../../web/js/client/destination.js';

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

// The hrefs a portal's page writes, as the widget's loader hands them over (the attribute as written).
const portalLinks = [
  ['tel:+1 (425) 555-0102', '+1 (425) 555-0102'],
  ['tel:00 1 425 555 0102', '00 1 425 555 0102'],
  ['tel:0425.555.0102', '0425.555.0102'],
  ['tel:+14255550102;ext=12', '+14255550102'],
  [' tel:1002 ', '1002'],
  ['sip:bob@pbx;user=phone', 'bob'],
  ['sip:+14255550102@pbx.example.com;user=phone', '+14255550102'],
  ['SIPS:carol@pbx.example.com', 'carol'],
  ['callto:+1-425-555-0103', '+1-425-555-0103'],
  ['callto://+14255550103', '+14255550103'],
];

test('every link format a portal writes gives the number or user it names', () => {
  for (const [href, destination] of portalLinks) assert.equal(destinationOf(href), destination, href);
});

test('a typed number is dialled, a name is searched', () => {
  for (const typed of ['1002', '+1 (425) 555-0102', '425-555-0102', '00 1 425 555 0102', '425/555.0102']) {
    assert.ok(looksLikeNumber(typed), typed);
  }
  for (const typed of ['bob', 'bob 1002', '12', '+', '', 'ext. 1002']) assert.ok(!looksLikeNumber(typed), typed);
});
