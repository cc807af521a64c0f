package io.helpdesk.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many event-stream subscribers on one thread: non-blocking sockets on a selector, a hand-rolled
 * HTTP/1.1 response reader (status line, headers, chunked body) and a byte scan for the {@code
 * CREATED} events' ticket ids. The measuring apparatus must cost little next to the server it
 * measures: {@code java.net.http} with a line subscriber per stream turns every line into a String
 * and a Flow signal, and on two cores those clients took more CPU than the fan-out they timed.
 *
 * <p>Each stream records when the {@code CREATED} event of each ticket first arrived ({@link
 * System#nanoTime()} at the read that completed its line).
 */
final class SseClients implements AutoCloseable {
  private static final byte[] CREATED_MARK =
      "\"type\":\"CREATED\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TICKET_MARK = "\"ticketId\":\"".getBytes(StandardCharsets.UTF_8);

  private final Selector selector;
  private final List<Stream> streams = new ArrayList<>();
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final Thread reader;
  private volatile boolean running = true;
  private volatile IOException failure;

  /**
   * Opens {@code count} streams to {@code GET /api/v1/events} of the server on {@code port} of the
   * loopback, each with the given {@code Authorization} header value.
   */
  SseClients(int port, List<String> authorizations) throws IOException {
    selector = Selector.open();
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
    for (String authorization : authorizations) {
      byte[] request =
          ("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nAuthorization: "
                  + authorization
                  + "\r\nAccept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      SocketChannel channel = SocketChannel.open(server);
      channel.write(ByteBuffer.wrap(request));
      channel.configureBlocking(false);
      Stream stream = new Stream();
      streams.add(stream);
      channel.register(selector, SelectionKey.OP_READ, stream);
    }
    reader = new Thread(this::readLoop, "bench-sse-clients");
    reader.setDaemon(true);
    reader.start();
  }

  /** Streams whose response has begun with status 200. */
  int live() {
    return live.get();
  }

  /** Streams answered with any other status. */
  int refused() {
    return refused.get();
  }

  /** Per stream: ticket id to the arrival time of its CREATED event. */
  List<Map<String, Long>> arrivals() {
    List<Map<String, Long>> all = new ArrayList<>();
    synchronized (this) {
      for (Stream stream : streams) {
        all.add(new HashMap<>(stream.arrivals));
      }
    }
    return all;
  }

  private void readLoop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    byte[] bytes = new byte[64 * 1024];
    try {
      while (running) {
        selector.select(200);
        var keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Stream stream = (Stream) key.attachment();
          SocketChannel channel = (SocketChannel) key.channel();
          buffer.clear();
          int read;
          try {
            read = channel.read(buffer);
          } catch (IOException e) {
            read = -1;
          }
          if (read < 0) {
            key.cancel();
            channel.close();
            continue;
          }
          long now = System.nanoTime();
          buffer.flip();
          buffer.get(bytes, 0, read);
          synchronized (this) {
            stream.accept(bytes, read, now);
          }
        }
      }
    } catch (IOException e) {
      failure = e;
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    try {
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
    if (failure != null) {
      throw failure;
    }
  }

  /** One response being read: headers, then chunks, whose payload is split into lines. */
  private final class Stream {
    private final Map<String, Long> arrivals = new HashMap<>();
    private final StringBuilder head = new StringBuilder();
    private boolean inBody;
    private boolean chunked;
    private long chunkLeft = -1; // -1: reading a chunk-size line; -2: the CRLF after a chunk
    private final StringBuilder sizeLine = new StringBuilder();
    private byte[] line = new byte[4096];
    private int lineLength;

    void accept(byte[] data, int length, long now) {
      int i = 0;
      while (i < length) {
        if (!inBody) {
          char c = (char) data[i++];
          head.append(c);
          if (c == '\n' && head.toString().endsWith("\r\n\r\n")) {
            inBody = true;
            chunked = head.toString().toLowerCase(java.util.Locale.ROOT).contains("chunked");
            if (head.indexOf("HTTP/1.1 200") == 0) {
              live.incrementAndGet();
            } else {
              refused.incrementAndGet();
            }
          }
        } else if (!chunked) {
          i = lines(data, i, length - i, now);
        } else if (chunkLeft == -2) {
          if (data[i++] == '\n') {
            chunkLeft = -1;
          }
        } else if (chunkLeft == -1) {
          byte b = data[i++];
          if (b == '\n') {
            String hex = sizeLine.toString().trim();
            int extension = hex.indexOf(';');
            chunkLeft = Long.parseLong(extension < 0 ? hex : hex.substring(0, extension), 16);
            sizeLine.setLength(0);
            if (chunkLeft == 0) {
              chunkLeft = -2;
            }
          } else {
            sizeLine.append((char) b);
          }
        } else {
          int take = (int) Math.min(chunkLeft, length - i);
          i = lines(data, i, take, now);
          chunkLeft -= take;
          if (chunkLeft == 0) {
            chunkLeft = -2;
          }
        }
      }
    }

    /** Body bytes: split into lines; returns the index after them. */
    private int lines(byte[] data, int from, int count, long now) {
      for (int k = from; k < from + count; k++) {
        byte b = data[k];
        if (b == '\n') {
          onLine(now);
          lineLength = 0;
        } else {
          if (lineLength == line.length) {
            line = java.util.Arrays.copyOf(line, line.length * 2);
          }
          line[lineLength++] = b;
        }
      }
      return from + count;
    }

    private void onLine(long now) {
      if (lineLength < 5 || line[0] != 'd' || indexOf(line, lineLength, CREATED_MARK, 0) < 0) {
        return;
      }
      int at = indexOf(line, lineLength, TICKET_MARK, 0);
      if (at >= 0 && at + TICKET_MARK.length + 36 <= lineLength) {
        String ticket = new String(line, at + TICKET_MARK.length, 36, StandardCharsets.US_ASCII);
        arrivals.putIfAbsent(ticket, now);
      }
    }
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
    outer:
    for (int i = from; i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
