/**
 * A multiset of numbers kept sorted in a typed array, so that its order statistics,
 * also of a union of several sets less some values, are binary searches.
 */
export class SortedValues {
  private data = new Float64Array(8);
  private size = 0;
  private sorted = true;

  get length(): number {
    return this.size;
  }

  at(index: number): number {
    return this.data[index];
  }

  private ensure(capacity: number) {
    if (capacity > this.data.length) {
      const grown = new Float64Array(Math.max(capacity, this.data.length * 2));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    }
  }

  /** Adds a value without keeping the order; call {@link SortedValues.sort} after a batch. */
  push(value: number) {
    this.ensure(this.size + 1);
    this.data[this.size] = value;
    this.size += 1;
    this.sorted = false;
  }

  sort() {
    if (!this.sorted) {
      this.data.subarray(0, this.size).sort();
      this.sorted = true;
    }
  }

  insert(value: number) {
    this.ensure(this.size + 1);
    const index = this.upperBound(value);
    this.data.copyWithin(index + 1, index, this.size);
    this.data[index] = value;
    this.size += 1;
  }

  /** Removes one occurrence of the value, which must be present. */
  remove(value: number) {
    const index = this.upperBound(value) - 1;
    if (index < 0 || this.data[index] !== value) {
      throw new Error(`${value} is not in the set`);
    }
    this.data.copyWithin(index, index + 1, this.size);
    this.size -= 1;
  }

  /** How many values are at most `value`. */
  upperBound(value: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.data[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static from(values: Iterable<number>): SortedValues {
    const set = new SortedValues();
    for (const value of values) {
      set.push(value);
    }
    set.sort();
    return set;
  }
}

/**
 * The k-th smallest (0-based) value of the union of `sets` less `excluded` (a
 * sub-multiset of the union). For each set, a binary search finds its first value with
 * more than k values at most it; the answer is the least of those.
 */
function kth(
  sets: SortedValues[],
  excluded: SortedValues | undefined,
  k: number,
): number {
  const atMost = (value: number) =>
    sets.reduce((sum, set) => sum + set.upperBound(value), 0) -
    (excluded ? excluded.upperBound(value) : 0);
  let best = Infinity;
  for (const set of sets) {
    let lo = 0;
    let hi = set.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (atMost(set.at(mid)) > k) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    if (lo < set.length) {
      best = Math.min(best, set.at(lo));
    }
  }
  return best;
}

/**
 * The median of the union of `sets` less `excluded`: the middle value, or the mean of
 * the two middle values of an even count; null when nothing is left.
 */
export function medianOf(
  sets: SortedValues[],
  excluded?: SortedValues,
): number | null {
  const count =
    sets.reduce((sum, set) => sum + set.length, 0) - (excluded?.length ?? 0);
  if (count === 0) {
    return null;
  }
  const lower = kth(sets, excluded, ((count + 1) >> 1) - 1);
  const upper = count % 2 === 0 ? kth(sets, excluded, count >> 1) : lower;
  return (lower + upper) / 2;
}
