/**
 * Calls gathered into batches, for statements that cost the database about
 * the same for one row as for many (a round trip, a plan, a commit): those
 * that come in one turn of the event loop go together at the turn's end, as
 * one batch of at most `most`; at most `inFlight` batches at once, and what
 * comes meanwhile waits for the next. A call that comes alone goes alone, at
 * the end of its turn: nothing waits on a timer, so a quiet server answers
 * as fast as before, and a busy one sends fewer, larger statements.
 */

/** One call waiting in a batch: what it asked, and how to answer it. */
export interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class Gathered<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private running = 0;
  private scheduled = false;

  /**
   * `send` answers every call of its batch (resolve or reject each); should
   * it throw, the calls it left unanswered get its error.
   */
  constructor(
    private readonly send: (batch: Waiting<T, R>[]) => Promise<void>,
    private readonly inFlight: number,
    private readonly most = 64,
  ) {}

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.inFlight && this.waiting.length) {
        const batch = this.waiting.splice(0, this.most);
        this.running++;
        // A promise settles once: rejecting the answered ones is a no-op.
        void this.send(batch)
          .catch((error: unknown) => batch.forEach((b) => b.reject(error)))
          .finally(() => {
            this.running--;
            if (this.waiting.length) this.schedule();
          });
      }
    });
  }
}
