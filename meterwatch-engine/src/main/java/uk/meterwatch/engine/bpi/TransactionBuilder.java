package uk.meterwatch.engine.bpi;

import java.util.function.Consumer;
import uk.meterwatch.core.rules.BpiSettings;

/**
 * The sequential transaction rule, applied to the requests of one process group by group ((User,
 * device), in received_at then request_id order). Holds the state of one transaction and one
 * previous request only: memory is constant whatever the size of a group.
 *
 * <p>Transactions whose first request is outside [monthStart, monthEnd) are built (they decide how
 * later requests are classified) but not emitted.
 */
public final class TransactionBuilder {
  static final String I0 = "I0";

  private final long retryWindowUs;
  private final long duplicateWindowUs;
  private final long evidenceWindowUs;
  private final long monthStart;
  private final long monthEnd;
  private final boolean changeOfSupply;
  private final Consumer<Transaction> sink;

  // The group's latest transaction T.
  private boolean open;
  private boolean inMonth;
  private long firstUs;
  private long dueUs;
  private Profile profile;
  private String userId;
  private long targetUs;
  private boolean certificateMismatch;
  private long evidenceUs;
  private UseCase useCase;
  private int attempts;
  private int retries;
  private int duplicates;
  private int attemptsFinalI0;
  private boolean firstFinalI0;
  private long earliestI0;
  private boolean earliestI0IsFinal;
  private boolean anyResponse;
  private String lastFinalCode;

  // The group's previous request A (T's latest attempt).
  private String previousFinalCode;
  private long previousFinalUs;

  public TransactionBuilder(
      BpiSettings settings,
      long monthStart,
      long monthEnd,
      boolean changeOfSupply,
      Consumer<Transaction> sink) {
    this.retryWindowUs = settings.retryWindowHours() * 3_600_000_000L;
    this.duplicateWindowUs = settings.duplicateWindowMinutes() * 60_000_000L;
    this.evidenceWindowUs = settings.communicationEvidenceDays() * 24L * 3_600_000_000L;
    this.monthStart = monthStart;
    this.monthEnd = monthEnd;
    this.changeOfSupply = changeOfSupply;
    this.sink = sink;
  }

  /** Ends the current group: its last transaction is complete. */
  public void endGroup() {
    close();
    open = false;
    previousFinalCode = null;
    previousFinalUs = RequestRow.NONE;
  }

  /** The next request of the current group. */
  public void accept(RequestRow row) {
    long received = row.receivedUs();
    if (!open || received - firstUs > retryWindowUs) {
      start(row);
    } else if (previousFinalCode != null && previousFinalUs < received) {
      if (I0.equals(previousFinalCode)) {
        if (received - previousFinalUs <= duplicateWindowUs) {
          join(row, true);
        } else {
          start(row); // a second top-up after a success is real
        }
      } else {
        join(row, false);
      }
    } else {
      join(row, true); // A still pending when R came
    }
    previousFinalCode = row.finalCode();
    previousFinalUs = row.finalUs();
  }

  private void start(RequestRow row) {
    close();
    open = true;
    firstUs = row.receivedUs();
    inMonth = firstUs >= monthStart && firstUs < monthEnd;
    attempts = 0;
    retries = 0;
    duplicates = 0;
    attemptsFinalI0 = 0;
    earliestI0 = RequestRow.NONE;
    earliestI0IsFinal = false;
    anyResponse = false;
    lastFinalCode = null;
    if (inMonth) {
      userId = row.userId();
      dueUs = row.dueUs();
      profile = row.profile();
      targetUs = row.targetUs();
      certificateMismatch = row.certificateMismatch();
      evidenceUs = row.evidenceUs();
      useCase = changeOfSupply ? row.useCase() : null;
    }
    attempt(row);
    firstFinalI0 = attemptsFinalI0 == 1;
  }

  private void join(RequestRow row, boolean duplicate) {
    if (duplicate) {
      duplicates++;
    } else {
      retries++;
    }
    attempt(row);
  }

  private void attempt(RequestRow row) {
    attempts++;
    if (!inMonth) {
      return;
    }
    String code = row.finalCode();
    boolean finalI0 = false;
    if (code != null) {
      anyResponse = true;
      lastFinalCode = code;
      if (I0.equals(code)) {
        finalI0 = true;
        attemptsFinalI0++;
      }
    }
    long i0 = row.i0Us();
    if (i0 != RequestRow.NONE
        && (earliestI0 == RequestRow.NONE
            || i0 < earliestI0
            || (i0 == earliestI0 && finalI0 && !earliestI0IsFinal))) {
      earliestI0 = i0;
      earliestI0IsFinal = finalI0;
    }
  }

  private void close() {
    if (!open || !inMonth) {
      return;
    }
    Bucket bucket;
    String failureCode = null;
    if (firstFinalI0) {
      bucket = Bucket.FIRST_TIME_SUCCESS;
    } else if (earliestI0 != RequestRow.NONE) {
      bucket = earliestI0IsFinal ? Bucket.RETRY_SUCCESS : Bucket.SUBSEQUENT_SUCCESS;
    } else if (!anyResponse) {
      bucket = Bucket.PENDING;
    } else if ("E4".equals(lastFinalCode) || (certificateMismatch && !changeOfSupply)) {
      bucket = Bucket.INCORRECT_CERTIFICATE;
    } else if ("E20".equals(lastFinalCode) || "E21".equals(lastFinalCode)) {
      boolean evidence =
          evidenceUs != RequestRow.NONE
              && evidenceUs < firstUs
              && evidenceUs >= firstUs - evidenceWindowUs;
      bucket = evidence ? Bucket.COMMUNICATING : Bucket.NON_COMMUNICATING;
    } else {
      bucket = Bucket.OTHER_FAILURE;
      failureCode = lastFinalCode;
    }
    sink.accept(
        new Transaction(
            userId,
            firstUs,
            dueUs,
            targetUs,
            attempts,
            retries,
            duplicates,
            attemptsFinalI0,
            bucket,
            failureCode,
            bucket.success() ? earliestI0 : RequestRow.NONE,
            useCase,
            profile));
    open = false;
  }
}
