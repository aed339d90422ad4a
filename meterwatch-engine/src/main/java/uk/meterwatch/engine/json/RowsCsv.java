package uk.meterwatch.engine.json;

import java.io.Writer;
import java.util.List;
import uk.meterwatch.core.csv.CsvWriter;
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.measure.Shown;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * The rows behind a figure as CSV ({@code meterwatch pmr --rows}, {@code GET
 * /api/v1/pmr/rows.csv}): one writer, so the download is the command's file (docs/measures.md, "The
 * rows behind a figure").
 */
public final class RowsCsv {
  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "month",
          "measure",
          "scope",
          "item",
          "provider",
          "srv",
          "device_id",
          "from",
          "outcome_at",
          "due_at",
          "minutes",
          "result",
          "reason");

  private RowsCsv() {}

  /** Writes the header and one line per row (RFC 4180, CRLF, safe to open in a spreadsheet). */
  public static void write(
      Writer to, ReportingMonth month, String measure, String scope, List<PopulationRow> rows) {
    CsvWriter csv = new CsvWriter(to);
    csv.row(COLUMNS);
    for (PopulationRow r : rows) {
      csv.row(
          month.toString(),
          measure,
          scope,
          r.item(),
          r.provider(),
          r.srv(),
          r.deviceId(),
          Shown.uk(r.fromUs()),
          r.outcomeUs() == null ? null : Shown.uk(r.outcomeUs()),
          r.dueUs() == null ? null : Shown.uk(r.dueUs()),
          r.minutes(),
          r.result().name(),
          r.reason());
    }
    csv.flush();
  }
}
