// Progress of a long collection on a terminal: one line on stderr, rewritten in place, naming the part
// being read and how many parts are done, e.g.
//   collecting acme-prod aws 333333333333 eu-west-2 (3/8 partitions)
// A part is an (account, region) of a source that announces them (AWS), or a whole source otherwise.
// The caller shows it only on an interactive terminal (never in CI, never with --quiet).
import type { ProgressEvent } from '../collect/types.js';
import type { Io } from './io.js';

const CLEAR = '\r\u001b[2K';

export interface ProgressLine {
  onProgress(e: ProgressEvent): void;
  /** Clears the line. */
  end(): void;
}

export function progressLine(io: Io): ProgressLine {
  /** Parts announced by their source (target/source → count), and parts seen start and finish. */
  const announced = new Map<string, number>();
  const started = new Map<string, ProgressEvent>();
  const done = new Set<string>();
  let shown = '';
  const total = () => {
    let n = 0;
    for (const count of announced.values()) n += count;
    // Parts of sources that announced nothing count as they start.
    for (const e of started.values()) if (!announced.has(`${e.target}\0${e.source}`)) n++;
    return Math.max(n, started.size);
  };
  const render = () => {
    // The part most recently started that is still running; else the last one that finished.
    const running = [...started].filter(([k]) => !done.has(k));
    const current = (running.at(-1) ?? [...started].at(-1))?.[1];
    if (!current) return;
    const where = [current.account, current.region, current.detail].filter(Boolean).join(' ');
    const line = `collecting ${current.target} ${current.source}${where ? ` ${where}` : ''} (${done.size}/${total()} partitions)`;
    if (line === shown) return;
    shown = line;
    io.err(`${CLEAR}${line}`);
  };
  return {
    onProgress(e) {
      const source = `${e.target}\0${e.source}`;
      const part = e.account !== undefined || e.region !== undefined;
      if (!part && e.partitions !== undefined) {
        if (e.phase === 'start') announced.set(source, e.partitions);
        render();
        return;
      }
      if (!part && announced.has(source)) return; // the end of a source whose parts were counted
      const key = `${source}\0${e.account ?? ''}\0${e.region ?? ''}`;
      if (e.phase === 'start') started.set(key, e);
      else {
        if (!started.has(key)) started.set(key, e);
        done.add(key);
      }
      render();
    },
    end() {
      if (shown) io.err(CLEAR);
      shown = '';
    },
  };
}
