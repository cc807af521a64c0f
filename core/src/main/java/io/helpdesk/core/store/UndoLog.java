package io.helpdesk.core.store;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Records how to reverse every change a transaction makes to the in-memory structures, so that a
 * transaction whose work throws can be rolled back exactly. Not thread-safe: used under the store's
 * lock by one transaction at a time.
 */
final class UndoLog {
  private final Deque<Runnable> steps = new ArrayDeque<>();

  <K, V> void put(Map<K, V> map, K key, V value) {
    boolean existed = map.containsKey(key);
    V previous = map.put(key, value);
    steps.push(() -> restore(map, key, existed, previous));
  }

  <K, V> void remove(Map<K, V> map, K key) {
    if (map.containsKey(key)) {
      V previous = map.remove(key);
      steps.push(() -> map.put(key, previous));
    }
  }

  <E> void add(Collection<E> collection, E element) {
    if (collection.add(element)) {
      steps.push(() -> collection.remove(element));
    }
  }

  <E> void remove(Collection<E> collection, E element) {
    if (collection.remove(element)) {
      steps.push(() -> collection.add(element));
    }
  }

  /** Appends to a list; undone by removing the last element (steps are undone last first). */
  <E> void append(List<E> list, E element) {
    list.add(element);
    steps.push(() -> list.remove(list.size() - 1));
  }

  /** Records an arbitrary undo step for a change already made. */
  void onRollback(Runnable step) {
    steps.push(step);
  }

  /** Undoes every recorded change, newest first. */
  void rollback() {
    while (!steps.isEmpty()) {
      steps.pop().run();
    }
  }

  private static <K, V> void restore(Map<K, V> map, K key, boolean existed, V previous) {
    if (existed) {
      map.put(key, previous);
    } else {
      map.remove(key);
    }
  }
}
