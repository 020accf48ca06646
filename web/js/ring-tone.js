// The sound of a call ringing in the page, made with Web Audio so there is no file to fetch: two
// short bursts of a soft two-tone chord, then a pause, until stopped. Two oscillators run for the
// whole ring and a gain shapes the cadence, scheduled well ahead: a background tab's timers may
// run only once a minute, and the ring must not falter then.
const bursts = [[0, 0.4], [0.6, 1.0]]; // seconds from the start of each cycle: on, off
const cycleSeconds = 3;
const aheadSeconds = 120; // how far the cadence is scheduled beyond now
const topUpMs = 30_000;
const tones = [660, 880]; // Hz
const level = 0.12;
const rampSeconds = 0.02; // no clicks at the edges

export class RingTone {
  /** `makeContext` makes the AudioContext, on first use (tests pass their own). */
  constructor(makeContext = () => new AudioContext()) {
    this.makeContext = makeContext;
    this.context = null;
    this.ring = null; // { gain, oscillators, until, timer } while ringing
  }

  get ringing() { return this.ring !== null; }

  /**
   * Browsers let a page make sound only once the user has interacted with it: call this from a
   * click or key press (any will do) so a later call can ring.
   */
  prepare() {
    if (!this.context) {
      try {
        this.context = this.makeContext();
      } catch {
        return false; // no Web Audio here: the call still shows, marks the tab and notifies
      }
    }
    if (this.context.state === 'suspended') this.context.resume().catch(() => {});
    return true;
  }

  start() {
    if (this.ringing || !this.prepare()) return;
    const ctx = this.context;
    const start = ctx.currentTime + 0.05;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0, start);
    gain.connect(ctx.destination);
    const oscillators = tones.map((frequency) => {
      const tone = ctx.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(start);
      return tone;
    });
    this.ring = { gain, oscillators, until: start, timer: setInterval(() => this.scheduleAhead(), topUpMs) };
    this.scheduleAhead();
  }

  stop() {
    if (!this.ring) return;
    clearInterval(this.ring.timer);
    for (const tone of this.ring.oscillators) tone.stop();
    this.ring.gain.disconnect();
    this.ring = null;
  }

  /** Shapes the cadence from where it was scheduled up to `aheadSeconds` beyond now. */
  scheduleAhead() {
    const { gain } = this.ring;
    while (this.ring.until < this.context.currentTime + aheadSeconds) {
      const at = this.ring.until;
      for (const [on, off] of bursts) {
        gain.gain.setValueAtTime(0, at + on);
        gain.gain.linearRampToValueAtTime(level, at + on + rampSeconds);
        gain.gain.setValueAtTime(level, at + off - rampSeconds);
        gain.gain.linearRampToValueAtTime(0, at + off);
      }
      this.ring.until = at + cycleSeconds;
    }
  }
}
