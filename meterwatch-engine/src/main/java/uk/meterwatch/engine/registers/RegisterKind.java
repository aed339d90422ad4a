package uk.meterwatch.engine.registers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the importer needs to know about one register's records. */
interface RegisterKind<T> {
  /** The register's name in the audit trail: incidents, reviews, risks, actions, exceptions. */
  String name();

  List<String> columns();

  T parse(Fields f);

  /** Checks a record against the rules; a MeterwatchException says why not. */
  void check(Connection c, T record) throws SQLException;

  /**
   * Checks the records of one import together, once each passed {@link #check} (rules across rows);
   * a MeterwatchException says why not.
   */
  default void checkTogether(Connection c, List<T> records) throws SQLException {}

  String key(T record);

  Optional<T> find(Connection c, String key) throws SQLException;

  void insert(Connection c, T record, Instant now, String who, String source) throws SQLException;

  void update(Connection c, T before, T after, Instant now, String who, String source)
      throws SQLException;

  Map<String, Object> toMap(T record);
}
