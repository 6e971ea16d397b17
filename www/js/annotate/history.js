// Undo and redo for the annotator: snapshots of the marks before each change.
export class History {
  constructor(limit = 500) {
    this.limit = limit;
    this.past = [];
    this.future = [];
  }

  /** Records `state` (the marks before a change) and forgets the redo branch. */
  record(state, label = "") {
    this.past.push({ state: structuredClone(state), label });
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  get canUndo() {
    return this.past.length > 0;
  }

  get canRedo() {
    return this.future.length > 0;
  }

  /** The state to go back to from `current`, or null. */
  undo(current) {
    const step = this.past.pop();
    if (!step) return null;
    this.future.push({ state: structuredClone(current), label: step.label });
    return step;
  }

  /** The state to go forward to from `current`, or null. */
  redo(current) {
    const step = this.future.pop();
    if (!step) return null;
    this.past.push({ state: structuredClone(current), label: step.label });
    return step;
  }

  clear() {
    this.past = [];
    this.future = [];
  }
}
