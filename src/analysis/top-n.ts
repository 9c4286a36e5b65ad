/**
 * A bounded collection of the N best items seen so far, for ranking over a
 * stream without keeping the stream: a min-heap whose root is the worst of
 * the kept items, so each new item costs O(log N) and memory stays O(N).
 */
export class TopN<T> {
  private readonly heap: T[] = [];

  /**
   * @param limit how many items to keep (0 keeps none).
   * @param better true when `x` ranks strictly before `y`; must be a total
   *   order (break ties, e.g. by id) so the result does not depend on arrival.
   */
  constructor(
    private readonly limit: number,
    private readonly better: (x: T, y: T) => boolean,
  ) {}

  /** Offers an item; it is kept only while it is among the best `limit`. */
  offer(item: T): void {
    if (this.limit <= 0) return;
    if (this.heap.length < this.limit) {
      this.heap.push(item);
      this.up(this.heap.length - 1);
      return;
    }
    // The root is the worst kept item: replace it only by something better.
    if (!this.better(item, this.heap[0]!)) return;
    this.heap[0] = item;
    this.down(0);
  }

  /** Would `item` be kept? Lets callers skip building an item that would not. */
  wouldKeep(item: T): boolean {
    return this.limit > 0 && (this.heap.length < this.limit || this.better(item, this.heap[0]!));
  }

  /** The kept items, best first. */
  sorted(): T[] {
    return [...this.heap].sort((x, y) => (this.better(x, y) ? -1 : this.better(y, x) ? 1 : 0));
  }

  get size(): number {
    return this.heap.length;
  }

  // In this heap a parent is never better than its children (worst on top).
  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.better(h[parent]!, h[i]!)) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && this.better(h[worst]!, h[l]!)) worst = l;
      if (r < h.length && this.better(h[worst]!, h[r]!)) worst = r;
      if (worst === i) return;
      [h[worst], h[i]] = [h[i]!, h[worst]!];
      i = worst;
    }
  }
}
