// Re-reads for views whose data has no stream of its own (runs, a running run's verdict): one timer at a time, the next
// set only after a read ended, so a slow API never piles reads up.

/**
 * Calls read every ms until the returned function is called; onError hears a failed read, and null once a read
 * succeeds again. A read may return false to stop the re-reading (nothing left to follow).
 */
export function every(ms, read, onError) {
  let stopped = false;
  let failing = false;
  let timer;
  const again = () => {
    timer = setTimeout(async () => {
      let more = true;
      try {
        more = (await read()) !== false;
        if (failing) onError(null);
        failing = false;
      } catch (error) {
        failing = true;
        onError(error);
      }
      if (!stopped && more) again();
    }, ms);
  };
  again();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
