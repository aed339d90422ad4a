package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExchangeTest {
  private final RegistersFixture f = new RegistersFixture();
  @TempDir Path dir;

  @AfterEach
  void close() {
    f.close();
  }

  private void fill(RegistersFixture x) {
    x.incidents.add(RegistersFixture.inc1076111(), "alice");
    x.actions.add(
        new Action(
            "105/05",
            "explain, the \"root\" cause",
            "DCC",
            LocalDate.of(2023, 10, 23),
            LocalDate.of(2023, 11, 14),
            null,
            null,
            null),
        "alice");
    x.actions.add(
        new Action(
            "OPSG 102/01",
            "formal report",
            "DCC",
            LocalDate.of(2023, 9, 12),
            LocalDate.of(2024, 2, 28),
            null,
            "CLOSED",
            null),
        "alice");
    x.risks.add(new Risk("OPSG-006", "CSP N at scale", 4, 5, "DCC", null), null, null, "alice");
    x.reviews.edit(
        RegistersFixture.inc1076111().id(),
        new ReviewEdit(
            Map.of(ReviewArea.IDENTIFICATION, Rag.RED),
            Map.of(ReviewArea.IDENTIFICATION, "late;\nalarm"),
            "leak",
            null,
            Instant.parse("2023-08-20T05:10:00Z"),
            null,
            null,
            List.of("105/05"),
            null),
        "bob");
  }

  @ParameterizedTest
  @EnumSource(ExchangeFormat.class)
  void everyRegisterRoundTripsIntoAnEmptyStore(ExchangeFormat format) {
    fill(f);
    String ext = format.name().toLowerCase(java.util.Locale.ROOT);
    f.incidents.exportTo(dir.resolve("incidents." + ext), format);
    f.actions.exportTo(dir.resolve("actions." + ext), format);
    f.risks.exportTo(dir.resolve("risks." + ext), format);
    f.reviews.exportTo(dir.resolve("reviews." + ext), format);
    try (RegistersFixture g = new RegistersFixture()) {
      assertThat(g.incidents.importFrom(dir.resolve("incidents." + ext), format, "carol"))
          .hasToString("incidents: 1 read, 1 added, 0 updated, 0 unchanged");
      g.actions.importFrom(dir.resolve("actions." + ext), format, "carol");
      g.risks.importFrom(dir.resolve("risks." + ext), format, "carol");
      g.reviews.importFrom(dir.resolve("reviews." + ext), format, "carol");
      assertThat(g.incidents.list()).isEqualTo(f.incidents.list());
      assertThat(g.actions.list()).isEqualTo(f.actions.list());
      assertThat(g.risks.list()).isEqualTo(f.risks.list());
      assertThat(g.reviews.all()).isEqualTo(f.reviews.all());
      assertThat(g.risks.history("OPSG-006"))
          .singleElement()
          .extracting(RiskRating::reason, RiskRating::ratedBy)
          .containsExactly("imported from risks." + ext, "carol");
      assertThat(g.audit.list(null, null))
          .extracting(AuditEntry::source)
          .contains("import:incidents." + ext);
      // A second import of the same files changes nothing.
      String before = g.dump();
      assertThat(g.actions.importFrom(dir.resolve("actions." + ext), format, "carol"))
          .hasToString("actions: 2 read, 0 added, 0 updated, 2 unchanged");
      g.reviews.importFrom(dir.resolve("reviews." + ext), format, "carol");
      assertThat(g.dump()).isEqualTo(before);
    }
  }

  @Test
  void csvExportIsTheContractFormat() throws IOException {
    fill(f);
    Path file = dir.resolve("incidents.csv");
    f.incidents.exportTo(file, ExchangeFormat.CSV);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines.get(0))
        .isEqualTo(
            "incident_id,category,title,opened_at,resolved_at,components,services,"
                + "cause_class,root_cause,major,dcc_responsible");
    assertThat(lines.get(1))
        .isEqualTo(
            "INC000001076111,1,DSP primary router crash: no DUIS traffic,"
                + "2023-08-20T05:10:00Z,2023-08-20T11:40:00Z,DSP_ROUTER;DSP,"
                + "DUIS;SSI;SSMI;SMKI_REPO;REMEDY,ARCHITECTURE,,true,true");
    Path risks = dir.resolve("risks.csv");
    f.risks.exportTo(risks, ExchangeFormat.CSV);
    assertThat(Files.readAllLines(risks, StandardCharsets.UTF_8))
        .containsExactly(
            "risk_id,title,likelihood,impact,owner,status,severity,band,escalated",
            "OPSG-006,CSP N at scale,4,5,DCC,OPEN,20,Critical,true");
  }

  /** Spreadsheets begin a CSV file with a byte-order mark; the loader reads it too. */
  @Test
  void aCsvFileWithAByteOrderMarkImports() throws IOException {
    Path file = dir.resolve("risks.csv");
    Files.writeString(
        file,
        "\uFEFFrisk_id,title,likelihood,impact,owner,status\nOPSG-030,BOM,2,3,DCC,OPEN\n",
        StandardCharsets.UTF_8);
    assertThat(f.risks.importFrom(file, ExchangeFormat.CSV, "carol"))
        .hasToString("risks: 1 read, 1 added, 0 updated, 0 unchanged");
    assertThat(f.risks.get("OPSG-030").severity()).isEqualTo(6);
  }

  @Test
  void importRefusesTimesOutsideTheYears1To9999AndTakesFarFutureOnes() throws IOException {
    Path file = dir.resolve("incidents.csv");
    Files.writeString(
        file,
        "incident_id,category,title,opened_at\nI9,1,t,0000-08-01T10:00:00Z\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> f.incidents.importFrom(file, ExchangeFormat.CSV, "carol"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("'0000-08-01T10:00:00Z' is outside the years 1 to 9999");
    // Since 7 December 2026 the store's whole range: a far-future time is one (issue 20).
    Files.writeString(
        file,
        "incident_id,category,title,opened_at,resolved_at\nI9,1,t,2023-08-01T10:00:00Z,"
            + "9999-12-31T23:59:59Z\n",
        StandardCharsets.UTF_8);
    f.incidents.importFrom(file, ExchangeFormat.CSV, "carol");
    assertThat(f.incidents.get("I9").resolvedAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    Path actions = dir.resolve("actions.csv");
    Files.writeString(
        actions,
        "ref,text,owner,raised_on,target_on,status\n105/09,t,DCC,2023-10-23,9999-12-31,OPEN\n",
        StandardCharsets.UTF_8);
    f.actions.importFrom(actions, ExchangeFormat.CSV, "carol");
    assertThat(f.actions.list().get(0).targetOn()).isEqualTo(java.time.LocalDate.of(9999, 12, 31));
  }

  @Test
  void importUpdatesKnownKeysWithAuditAndRatingHistory() throws IOException {
    fill(f);
    Path file = dir.resolve("risks.csv");
    Files.writeString(
        file,
        "risk_id,title,likelihood,impact,owner,status\n"
            + "OPSG-006,CSP N at scale,3,5,DCC,OPEN\n"
            + "OPSG-019,Other User growth,4,4,,OPEN\n",
        StandardCharsets.UTF_8);
    assertThat(f.risks.importFrom(file, ExchangeFormat.CSV, "carol"))
        .hasToString("risks: 2 read, 1 added, 1 updated, 0 unchanged");
    assertThat(f.risks.get("OPSG-006").severity()).isEqualTo(15);
    assertThat(f.risks.history("OPSG-006"))
        .extracting(RiskRating::reason)
        .containsExactly("first rating", "imported from risks.csv");
    AuditEntry e = f.audit.list("risks", "OPSG-006").get(1);
    assertThat(e.operation()).isEqualTo("UPDATE");
    assertThat(e.source()).isEqualTo("import:risks.csv");
    assertThat(e.beforeJson()).contains("\"likelihood\":4");
    assertThat(e.afterJson()).contains("\"likelihood\":3");
  }

  @Test
  void aBadRowRefusesTheWholeFileNamingFileLineAndReason() throws IOException {
    fill(f);
    String before = f.dump();
    Path file = dir.resolve("actions.csv");
    Files.writeString(
        file,
        "ref,text,owner,raised_on,target_on,revised_target_on,status,closed_on\n"
            + "105/01,graphic,DCC,2023-10-23,,,OPEN,\n"
            + "105/02,use cases,DCC,2023-10-23,2023-10-01,,OPEN,\n"
            + "105/03,3G,DCC,23/10/2023,,,OPEN,\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> f.actions.importFrom(file, ExchangeFormat.CSV, "carol"))
        .hasMessage(
            "actions.csv: 2 bad rows, nothing imported: actions.csv line 3: action"
                + " 105/02: target date 2023-10-01 is before the date it was raised 2023-10-23;"
                + " actions.csv line 4: raised_on '23/10/2023' is not a date (YYYY-MM-DD)");
    assertThat(f.dump()).isEqualTo(before);

    Path incidents = dir.resolve("incidents.json");
    Files.writeString(
        incidents,
        "[{\"incident_id\":\"INC1\",\"category\":7,\"title\":\"x\","
            + "\"opened_at\":\"2023-08-01T00:00:00Z\"},"
            + "{\"incident_id\":\"INC2\",\"category\":2,\"title\":\"x\","
            + "\"opened_at\":\"2023-08-01T00:00:00\"}]",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> f.incidents.importFrom(incidents, ExchangeFormat.JSON, "carol"))
        .hasMessageContaining("incidents.json record 1: category 7 is not an incident category")
        .hasMessageContaining(
            "incidents.json record 2: opened_at: '2023-08-01T00:00:00' is not"
                + " a time with an offset");
    Path reviews = dir.resolve("reviews.json");
    Files.writeString(
        reviews,
        "[{\"incident_id\":\"INC404\",\"version\":1,\"author\":\"a\","
            + "\"created_at\":\"2023-08-01T00:00:00Z\"}]",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> f.reviews.importFrom(reviews, ExchangeFormat.JSON, "carol"))
        .hasMessageContaining("record 1: no incident INC404 in the register");
    assertThat(f.dump()).isEqualTo(before);
  }

  @Test
  void unreadableFileAndDuplicateKeysAreRefused() throws IOException {
    Path file = dir.resolve("risks.json");
    Files.writeString(file, "{not json", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> f.risks.importFrom(file, ExchangeFormat.JSON, "a"))
        .hasMessageStartingWith("cannot read " + file + " as json");
    Path dup = dir.resolve("risks.csv");
    Files.writeString(
        dup, "risk_id,title,likelihood,impact\nR1,a,1,1\nR1,b,2,2\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> f.risks.importFrom(dup, ExchangeFormat.CSV, "a"))
        .hasMessageContaining("risks.csv line 3: R1 appears twice (first at risks.csv line 2)");
    assertThat(f.risks.list()).isEmpty();
  }

  @Test
  void reviewVersionsNeverChangeThroughImport() throws IOException {
    fill(f);
    Path file = dir.resolve("reviews.json");
    f.reviews.exportTo(file, ExchangeFormat.JSON);
    String text = Files.readString(file, StandardCharsets.UTF_8).replace("\"leak\"", "\"other\"");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    String before = f.dump();
    assertThatThrownBy(() -> f.reviews.importFrom(file, ExchangeFormat.JSON, "a"))
        .hasMessageContaining("already held with other content");
    assertThat(f.dump()).isEqualTo(before);
  }

  /** An imported published version meets what `review publish` asks: every RAG, a root cause. */
  @Test
  void anImportedPublishedReviewMeetsThePublishRules() throws IOException {
    fill(f);
    Path file = dir.resolve("reviews.json");
    f.reviews.exportTo(file, ExchangeFormat.JSON);
    String text =
        Files.readString(file, StandardCharsets.UTF_8)
            .replace("\"version\" : 1", "\"version\" : 2")
            .replace("\"version\":1", "\"version\":2")
            .replace("\"DRAFT\"", "\"PUBLISHED\"");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    String before = f.dump();
    assertThatThrownBy(() -> f.reviews.importFrom(file, ExchangeFormat.JSON, "a"))
        .hasMessageContaining("published version 2 of the review of INC000001076111 lacks")
        .hasMessageContaining("the RAG status of")
        .hasMessageContaining("who published it and when");
    assertThat(f.dump()).isEqualTo(before);
  }

  /** A review's versions run 1, 2, 3 ...: an import may not skip one. */
  @Test
  void anImportedReviewVersionMayNotSkipANumber() throws IOException {
    fill(f);
    Path file = dir.resolve("reviews.json");
    f.reviews.exportTo(file, ExchangeFormat.JSON);
    String text =
        Files.readString(file, StandardCharsets.UTF_8)
            .replace("\"version\" : 1", "\"version\" : 3")
            .replace("\"version\":1", "\"version\":3");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    String before = f.dump();
    assertThatThrownBy(() -> f.reviews.importFrom(file, ExchangeFormat.JSON, "a"))
        .hasMessageContaining("the review of INC000001076111 would skip version 2");
    assertThat(f.dump()).isEqualTo(before);
  }

  /** Versions held unchanged import back even when their incident is no longer major. */
  @Test
  void anExportOfReviewsImportsBackAfterItsIncidentStopsBeingMajor() throws IOException {
    fill(f);
    Path file = dir.resolve("reviews.csv");
    f.reviews.exportTo(file, ExchangeFormat.CSV);
    Incident i = f.incidents.get(RegistersFixture.inc1076111().id());
    f.incidents.update(
        new Incident(
            i.id(),
            i.category(),
            i.title(),
            i.openedAt(),
            i.resolvedAt(),
            i.components(),
            i.services(),
            i.causeClass(),
            i.rootCause(),
            false,
            i.dccResponsible()),
        "alice");
    assertThat(f.reviews.importFrom(file, ExchangeFormat.CSV, "carol").toString())
        .endsWith("0 added, 0 updated, 1 unchanged");
  }

  @Test
  void theAuditTrailRefusesARegisterItDoesNotKeep() {
    assertThatThrownBy(() -> f.audit.list("foo", null))
        .hasMessage("no register foo (one of incidents, reviews, risks, actions, exceptions)");
    assertThat(f.audit.list("risks", null)).isEmpty();
  }

  @Test
  void auditTrailExports() throws IOException {
    fill(f);
    Path file = dir.resolve("audit.json");
    f.audit.exportTo(file, ExchangeFormat.JSON);
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .contains("\"register\" : \"incidents\"")
        .contains("\"operation\" : \"EDIT\"");
  }
}
