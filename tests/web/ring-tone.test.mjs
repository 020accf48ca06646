// The ring tone against a recording stand-in for Web Audio: what it schedules, and that it stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingTone } from '../../web/js/ring-tone.js';

/** Records every node made, what each is connected to, and the gain envelope set on it. */
function fakeAudio(state = 'running') {
  const made = { oscillators: [], gains: [], resumed: 0 };
  const param = () => ({ value: 0, points: [], setValueAtTime(v, t) { this.points.push([t, v]); }, linearRampToValueAtTime(v, t) { this.points.push([t, v]); } });
  const node = (extra) => ({ to: null, connect(dest) { this.to = dest; }, disconnect() { this.to = null; }, ...extra });
  const context = {
    state, currentTime: 10, destination: { name: 'speakers' },
    resume() { made.resumed += 1; this.state = 'running'; return Promise.resolve(); },
    createGain() { const g = node({ gain: param() }); made.gains.push(g); return g; },
    createOscillator() {
      const o = node({ frequency: { value: 0 }, startedAt: null, stoppedAt: null, start(t) { this.startedAt = t; }, stop(t = 0) { this.stoppedAt = t; } });
      made.oscillators.push(o);
      return o;
    },
  };
  return { context, made };
}

test('a ring is two tones through one gain to the speakers, shaped into bursts that start and end silent', (t) => {
  const { context, made } = fakeAudio();
  const tone = new RingTone(() => context);
  t.after(() => tone.stop()); // a failed check must not leave the top-up timer holding the run open
  tone.start();
  assert.equal(tone.ringing, true);
  assert.deepEqual(made.oscillators.map((o) => o.frequency.value), [660, 880]);
  assert.equal(made.gains.length, 1);
  const [gain] = made.gains;
  assert.equal(gain.to, context.destination);
  for (const o of made.oscillators) {
    assert.equal(o.to, gain);
    assert.ok(o.startedAt > context.currentTime);
    assert.equal(o.stoppedAt, null); // they run for the whole ring; the gain makes the cadence
  }
  const points = gain.gain.points;
  assert.equal(points[0][1], 0);
  assert.equal(points.at(-1)[1], 0);
  // Two bursts every 3 s, scheduled two minutes ahead: a throttled background tab keeps ringing.
  const loud = points.filter(([, v]) => v > 0);
  assert.equal(loud.length, 4 * 40);
  assert.ok(points.at(-1)[0] >= context.currentTime + 117, `scheduled up to ${points.at(-1)[0]}`);
  for (let i = 1; i < points.length; i += 1) assert.ok(points[i][0] >= points[i - 1][0], 'in time order');

  tone.start(); // already ringing: nothing more
  assert.equal(made.oscillators.length, 2);
  tone.stop();
  assert.equal(tone.ringing, false);
  assert.equal(gain.to, null); // silent at once, not at the end of a burst
  for (const o of made.oscillators) assert.notEqual(o.stoppedAt, null);
  tone.stop(); // twice is harmless
});

test('a context the browser holds back until a gesture is resumed when readied', () => {
  const { context, made } = fakeAudio('suspended');
  const tone = new RingTone(() => context);
  assert.equal(tone.prepare(), true);
  assert.equal(made.resumed, 1);
  assert.equal(tone.prepare(), true); // running now: made once, resumed once
  assert.equal(made.resumed, 1);
});

test('without Web Audio the tone stays quiet and throws nothing', () => {
  const tone = new RingTone(() => { throw new ReferenceError('AudioContext is not defined'); });
  tone.start();
  assert.equal(tone.ringing, false);
  tone.stop();
});
