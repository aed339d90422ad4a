package uk.meterwatch.engine.registers;

import java.sql.Connection;
import java.sql.SQLException;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/** Runs a change and its audit rows in one transaction: all of it happens, or none. */
final class Tx {
  /** The work done inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private Tx() {}

  static <T> T run(Store store, Work<T> work) {
    Connection c = store.connection();
    boolean auto;
    try {
      auto = c.getAutoCommit();
      c.setAutoCommit(false);
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot start a transaction", e);
    }
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException e) {
      rollback(c);
      throw new MeterwatchException(
          ErrorCode.STORE, "the store refused the change, nothing changed: " + firstLine(e), e);
    } catch (RuntimeException e) {
      rollback(c);
      throw e;
    } finally {
      try {
        c.setAutoCommit(auto);
      } catch (SQLException e) {
        // The connection is unusable anyway; the commit or rollback above has decided.
      }
    }
  }

  /** Runs a read; SQL errors become store errors. */
  static <T> T read(Store store, Work<T> work) {
    try {
      return work.run(store.connection());
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + firstLine(e), e);
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // Nothing more can be done; the original error is the one to report.
    }
  }

  private static String firstLine(SQLException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
