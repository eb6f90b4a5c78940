/** Nested lexical scopes of named values; `with(fn, fresh)` runs `fn` in a new scope (`fresh`: nothing outer is visible). */
export class Scopes<B> {
  private readonly stack: Map<string, B>[] = [];

  lookup(name: string): B | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const b = this.stack[i]!.get(name);
      if (b) return b;
    }
    return undefined;
  }

  declare(name: string, value: B): void {
    this.stack[this.stack.length - 1]?.set(name, value);
  }

  with<T>(fn: () => T, fresh = false): T {
    const saved = fresh ? this.stack.splice(0, this.stack.length) : undefined;
    this.stack.push(new Map());
    try {
      return fn();
    } finally {
      this.stack.pop();
      if (saved) this.stack.push(...saved);
    }
  }
}
