/**
 * Latency histogram with 2 % relative precision from 1 µs to hours, cheap
 * enough to record millions of values per second (one log and one add).
 */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = 1300;

export interface HistogramJson {
  buckets: Array<[number, number]>;
  count: number;
  sum: number;
  max: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  max = 0;

  /** Records a value in microseconds. */
  record(micros: number): void {
    const value = Math.max(1, micros);
    let index = Math.floor(Math.log(value) / LOG_GROWTH);
    if (index >= BUCKETS) index = BUCKETS - 1;
    this.counts[index] = (this.counts[index] as number) + 1;
    this.count += 1;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  merge(other: Histogram | HistogramJson): this {
    const json = other instanceof Histogram ? other.toJSON() : other;
    for (const [index, count] of json.buckets) this.counts[index] = (this.counts[index] as number) + count;
    this.count += json.count;
    this.sum += json.sum;
    if (json.max > this.max) this.max = json.max;
    return this;
  }

  /** The value (µs) below which a fraction `q` of the recorded values lie. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.counts[index] as number;
      if (seen >= rank) return Math.min(this.max, GROWTH ** (index + 0.5));
    }
    return this.max;
  }

  /** Milliseconds, rounded to 0.01 ms. */
  summary(): LatencySummary {
    const ms = (micros: number) => Math.round(micros / 10) / 100;
    return {
      count: this.count,
      p50: ms(this.quantile(0.5)),
      p95: ms(this.quantile(0.95)),
      p99: ms(this.quantile(0.99)),
      max: ms(this.max),
      mean: ms(this.count === 0 ? 0 : this.sum / this.count),
    };
  }

  toJSON(): HistogramJson {
    const buckets: Array<[number, number]> = [];
    this.counts.forEach((count, index) => {
      if (count > 0) buckets.push([index, count]);
    });
    return { buckets, count: this.count, sum: this.sum, max: this.max };
  }

  static from(json: HistogramJson): Histogram {
    return new Histogram().merge(json);
  }
}

/** Microseconds on CLOCK_MONOTONIC: the same clock in every process on this machine. */
export function nowMicros(): number {
  const [seconds, nanos] = process.hrtime();
  return seconds * 1e6 + nanos / 1e3;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** a / b, or null when b is zero or either is missing: "n/a" in the tables. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return round(a / b, 2);
}
