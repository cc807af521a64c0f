// Live updates from GET /api/v1/events (Server-Sent Events, event name "ticket"). The browser's
// EventSource reconnects by itself after a dropped connection and sends Last-Event-ID, so the server
// replays what was missed. If the stream is refused outright (closed), we retry with a back-off and
// tell the page to reload its data once we are back.

export function connectLive({ onEvent, onState, onResync }) {
  let source = null;
  let retryDelay = 2000;
  let timer = null;
  let closedBefore = false;
  let stopped = false;

  function open() {
    source = new EventSource('/api/v1/events', { withCredentials: true });
    source.addEventListener('open', () => {
      retryDelay = 2000;
      onState('live');
      if (closedBefore) {
        closedBefore = false;
        onResync();
      }
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        onState('offline');
        closedBefore = true;
        if (!stopped) {
          timer = setTimeout(open, retryDelay);
          retryDelay = Math.min(retryDelay * 2, 30000);
        }
      } else {
        onState('reconnecting');
      }
    });
    source.addEventListener('ticket', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      onEvent(event);
    });
  }

  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (source) source.close();
  };
}
