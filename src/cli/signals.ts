// Interruption. SIGINT (Ctrl-C) or SIGTERM (a cancelled CI job) ends the run at once: one line on stderr,
// exit 128 + the signal's number (130, 143), as a shell reports a process the signal killed. Nothing needs
// undoing: a bundle is written synchronously into `<run-id>.partial/` and renamed when complete, and a
// snapshot into a temporary file renamed into place, so a signal — handled between two turns of the event
// loop — arrives either before anything was written or after it is complete. Requests still in flight
// are dropped with the process; none of them changes anything (the tool only reads).

export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT;

const written: string[] = [];

/** Records a bundle or snapshot this run has finished writing, so an interruption can say so. */
export function noteWritten(file: string): void {
  written.push(file);
}

export function interruptMessage(signal: HandledSignal): string {
  const what = written.length
    ? `after writing ${written.join(', ')} (complete)`
    : 'before writing any evidence bundle or snapshot';
  return `readiness: interrupted by ${signal} ${what}\n`;
}

/** Installs the handlers; returns a function that removes them. */
export function exitOnInterrupt(
  proc: Pick<NodeJS.Process, 'once' | 'off' | 'exit'> = process,
  err: (text: string) => void = (t) => process.stderr.write(t),
): () => void {
  const handlers = (Object.keys(SIGNAL_EXIT) as HandledSignal[]).map((signal) => {
    const handler = () => {
      err(interruptMessage(signal));
      proc.exit(SIGNAL_EXIT[signal]);
    };
    proc.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) proc.off(signal, handler);
  };
}
