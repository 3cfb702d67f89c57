// Latency histogram with logarithmic buckets (1 % wide, from 0.01 ms up), so the
// load generator processes can merge their figures exactly without shipping every sample.
// Percentiles are the upper edge of their bucket (at most 1 % high), capped by the exact max.

const BASE_MS = 0.01;
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
export const BUCKETS = 2400; // 0.01 ms × 1.01^2400 is far beyond any timeout

export function bucketOf(ms) {
  if (!(ms > BASE_MS)) {
    return 0;
  }
  const bucket = Math.ceil(Math.log(ms / BASE_MS) / LOG_GROWTH);
  return bucket >= BUCKETS ? BUCKETS - 1 : bucket;
}

export function bucketUpperMs(bucket) {
  return BASE_MS * GROWTH ** bucket;
}

export class Histogram {
  constructor() {
    this.counts = new Uint32Array(BUCKETS);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  add(ms) {
    this.counts[bucketOf(ms)]++;
    this.count++;
    this.sum += ms;
    if (ms < this.min) {
      this.min = ms;
    }
    if (ms > this.max) {
      this.max = ms;
    }
  }

  /** Adds `n` samples of the same value (events that arrived in one read). */
  addMany(ms, n) {
    this.counts[bucketOf(ms)] += n;
    this.count += n;
    this.sum += ms * n;
    if (ms < this.min) {
      this.min = ms;
    }
    if (ms > this.max) {
      this.max = ms;
    }
  }

  merge(other) {
    const o = other instanceof Histogram ? other : Histogram.fromJSON(other);
    for (let i = 0; i < BUCKETS; i++) {
      this.counts[i] += o.counts[i];
    }
    this.count += o.count;
    this.sum += o.sum;
    if (o.min < this.min) {
      this.min = o.min;
    }
    if (o.max > this.max) {
      this.max = o.max;
    }
    return this;
  }

  percentile(p) {
    if (this.count === 0) {
      return null;
    }
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        return Math.min(bucketUpperMs(i), this.max);
      }
    }
    return this.max;
  }

  summary() {
    if (this.count === 0) {
      return { count: 0, p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
    }
    return {
      count: this.count,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
      p999: this.percentile(0.999),
      max: this.max,
      mean: this.sum / this.count,
    };
  }

  toJSON() {
    const sparse = [];
    for (let i = 0; i < BUCKETS; i++) {
      if (this.counts[i] > 0) {
        sparse.push(i, this.counts[i]);
      }
    }
    return { sparse, count: this.count, sum: this.sum, min: this.min, max: this.max };
  }

  static fromJSON(json) {
    const h = new Histogram();
    for (let i = 0; i < json.sparse.length; i += 2) {
      h.counts[json.sparse[i]] = json.sparse[i + 1];
    }
    h.count = json.count;
    h.sum = json.sum;
    h.min = json.min ?? Infinity;
    h.max = json.max ?? -Infinity;
    return h;
  }
}
